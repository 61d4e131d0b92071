package com.acme.finchconnections.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;

/**
 * The clickable Connect at {@code /finch-sim/authorize?session=…}: provider, terms, sandbox credentials, MFA,
 * account selection, then the code (or the redirect). Every screen reached is a stage reported to the service.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class ConnectPages {

    /** The fields a Connect screen posts back. */
    public record Form(String session, String state, String step, String action, String provider, String authMethod,
            boolean pendingAccountSelection, String username, String password, String apiToken, String mfaCode,
            String account) {
    }

    private final ConnectFlow flow;

    public ConnectPages(ConnectFlow flow) {
        this.flow = flow;
    }

    Uni<ConnectPage> open(String sessionId, String state) {
        return flow.usableSession(sessionId)
                .call(session -> flow.record(session, ConnectFlow.Stage.of("opened")))
                .chain(session -> session.providerId() != null
                        ? chooseProvider(session, state, session.providerId())
                        : Uni.createFrom().item(ConnectPage.providers(session, state)))
                .onFailure(FinchSimError.class).recoverWithItem(failure -> ConnectPage.unavailable(failure.getMessage()));
    }

    Uni<ConnectPage> submit(Form form) {
        return flow.usableSession(form.session())
                .chain(session -> "close".equals(form.action()) ? close(session, form)
                        : switch (form.step() == null ? "" : form.step()) {
                            case "provider" -> chooseProvider(session, form.state(), form.provider());
                            case "terms" -> terms(session, form);
                            case "credentials" -> credentials(session, form);
                            case "mfa" -> mfa(session, form);
                            case "account" -> account(session, form);
                            default -> Uni.createFrom().item(ConnectPage.providers(session, form.state()));
                        })
                .onFailure(FinchSimError.class).recoverWithItem(failure -> ConnectPage.unavailable(failure.getMessage()));
    }

    private Uni<ConnectPage> chooseProvider(SimSession session, String state, String providerId) {
        if (providerId == null || (session.providerId() == null && SimProviders.find(providerId).isEmpty())) {
            return Uni.createFrom().item(ConnectPage.providers(session, state).withError("Choose a provider"));
        }
        String authMethod = ConnectFlow.authMethodOf(session, providerId, null);
        ConnectPage terms = ConnectPage.of("terms", session, state, providerId, authMethod);
        return flow.record(session, new ConnectFlow.Stage("provider_selected", providerId, authMethod, null, null))
                .chain(() -> flow.record(session, ConnectFlow.Stage.of("terms_viewed")))
                .replaceWith(terms);
    }

    private Uni<ConnectPage> terms(SimSession session, Form form) {
        if ("exit".equals(form.action())) {
            return flow.record(session, ConnectFlow.Stage.of("terms_exited"))
                    .chain(() -> flow.record(session, ConnectFlow.Stage.of("closed")))
                    .replaceWith(page("closed", session, form));
        }
        return flow.record(session, ConnectFlow.Stage.of("terms_accepted"))
                .replaceWith(page("credentials", session, form));
    }

    private Uni<ConnectPage> credentials(SimSession session, Form form) {
        SandboxCredentials.Outcome outcome = "assisted".equals(form.authMethod()) ? SandboxCredentials.Outcome.SUCCESS
                : "api_token".equals(form.authMethod()) ? SandboxCredentials.checkToken(form.apiToken())
                        : SandboxCredentials.check(form.username(), form.password());
        Uni<Void> submitted = flow.record(session, new ConnectFlow.Stage("credentials_submitted", form.provider(),
                form.authMethod(), null, null));
        if (outcome == SandboxCredentials.Outcome.INVALID) {
            String message = "The credentials were not accepted";
            return submitted.chain(() -> flow.record(session, new ConnectFlow.Stage("error", form.provider(),
                            form.authMethod(), message, "validation_error")))
                    .replaceWith(page("credentials", session, form).withError(message));
        }
        if (outcome.mfa) {
            return submitted.chain(() -> flow.record(session, ConnectFlow.Stage.of("mfa_requested")))
                    .replaceWith(page("mfa", session, form).withPendingAccountSelection(outcome.accountSelection));
        }
        if (outcome.accountSelection) {
            return submitted.replaceWith(page("accounts", session, form));
        }
        return submitted.chain(() -> succeed(session, form));
    }

    private Uni<ConnectPage> mfa(SimSession session, Form form) {
        if (form.mfaCode() == null || form.mfaCode().isBlank()) {
            String message = "Enter the code sent to your device";
            return flow.record(session, new ConnectFlow.Stage("error", form.provider(), form.authMethod(), message,
                            "validation_error"))
                    .replaceWith(page("mfa", session, form).withPendingAccountSelection(form.pendingAccountSelection())
                            .withError(message));
        }
        return form.pendingAccountSelection() ? Uni.createFrom().item(page("accounts", session, form))
                : succeed(session, form);
    }

    private Uni<ConnectPage> account(SimSession session, Form form) {
        return flow.record(session, ConnectFlow.Stage.of("account_selected"))
                .chain(() -> succeed(session, form));
    }

    private Uni<ConnectPage> close(SimSession session, Form form) {
        return flow.record(session, ConnectFlow.Stage.of("closed")).replaceWith(page("closed", session, form));
    }

    private Uni<ConnectPage> succeed(SimSession session, Form form) {
        return flow.succeed(session, form.provider(), form.authMethod())
                .map(success -> page("success", session, form)
                        .withSuccess(success.code(), ConnectFlow.redirectTarget(success, form.state())));
    }

    private static ConnectPage page(String stage, SimSession session, Form form) {
        return ConnectPage.of(stage, session, form.state(), form.provider(), form.authMethod());
    }
}
