package com.acme.finchconnections.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The employer's way through Connect, stage by stage, each stage reported to the service
 * ({@link SessionEventRelay}). The Connect page drives it one click at a time; the {@code _sim} control walks a
 * whole session at once. A success creates the connection (first time) and a single-use code; it sends no
 * webhook — tests decide when webhooks happen.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class ConnectFlow {

    /** The stages in contract order (API.md); {@code terms_exited} replaces {@code terms_accepted} on the way out. */
    static final List<String> STAGES = List.of("opened", "provider_selected", "terms_viewed", "terms_accepted",
            "credentials_submitted", "mfa_requested", "account_selected");

    /** {@code POST /_sim/sessions/{id}/complete}. */
    public record CompleteRequest(String outcome, String providerId, String authMethod, String errorMessage,
            String errorType, String lastStage, Boolean mfa, Boolean accountSelection, Double stageSeconds,
            String state) {
    }

    /** Where a stage happened: who, with which provider, and what went wrong if anything. */
    record Stage(String type, String providerId, String authMethod, String errorMessage, String errorType) {

        static Stage of(String type) {
            return new Stage(type, null, null, null, null);
        }
    }

    private final SimConnectService connect;
    private final SessionEventRelay relay;
    private final Clock clock;

    public ConnectFlow(SimConnectService connect, SessionEventRelay relay, Clock clock) {
        this.connect = connect;
        this.relay = relay;
        this.clock = clock;
    }

    /** The session if Connect can still be used with it; fails as Connect would refuse it. */
    Uni<SimSession> usableSession(String sessionId) {
        Instant now = clock.instant();
        return connect.findSession(sessionId)
                .invoke(session -> SimConnectService.requireUsable(session, sessionId, now));
    }

    Uni<Void> record(SimSession session, Stage stage) {
        return record(session, stage, clock.instant());
    }

    /** Completes the session and reports {@code success}. */
    Uni<SimConnectService.Success> succeed(SimSession session, String providerId, String authMethod) {
        return connect.succeed(session.sessionId(), providerId, authMethod)
                .call(success -> record(session, new Stage("success", providerOf(session, providerId),
                        authMethodOf(session, providerId, authMethod), null, null)));
    }

    /** Where Connect's redirect flow sends the browser after a success, or null for the embedded flow. */
    static String redirectTarget(SimConnectService.Success success, String state) {
        String redirectUri = success.session().redirectUri();
        if (redirectUri == null) {
            return null;
        }
        StringBuilder target = new StringBuilder(redirectUri)
                .append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(encode(success.code()));
        if (state != null && !state.isEmpty()) {
            target.append("&state=").append(encode(state));
        }
        return target.toString();
    }

    /**
     * Walks a session through Connect in one go: the stages up to the outcome, reported in order and spaced
     * {@code stage_seconds} apart (ending now), so funnels and time-in-stage can be tested.
     */
    Uni<Map<String, Object>> walk(String sessionId, CompleteRequest request) {
        String outcome = request.outcome() == null ? "success" : request.outcome();
        if (!List.of("success", "error", "closed").contains(outcome)) {
            throw FinchSimError.invalidRequest("outcome must be success, error or closed");
        }
        if (request.lastStage() != null && !STAGES.contains(request.lastStage())
                && !"terms_exited".equals(request.lastStage())) {
            throw FinchSimError.invalidRequest("last_stage must be one of " + STAGES + " or terms_exited");
        }
        return usableSession(sessionId).chain(session -> {
            List<Stage> stages = plan(session, outcome, request);
            List<Instant> times = spacedUntilNow(stages.size(), request.stageSeconds());
            Uni<Void> reported = reportAll(session, stages.subList(0, stages.size() - 1), times);
            Stage last = stages.get(stages.size() - 1);
            Instant lastTime = times.get(times.size() - 1);
            if (!"success".equals(outcome)) {
                return reported.chain(() -> record(session, last, lastTime))
                        .replaceWith(() -> result(session, null, stages, request.state()));
            }
            return reported
                    .chain(() -> connect.succeed(sessionId, request.providerId(), request.authMethod()))
                    .call(success -> record(session, last, lastTime))
                    .map(success -> result(session, success, stages, request.state()));
        });
    }

    private List<Stage> plan(SimSession session, String outcome, CompleteRequest request) {
        String provider = providerOf(session, request.providerId());
        String authMethod = authMethodOf(session, request.providerId(), request.authMethod());
        String lastStage = request.lastStage() != null ? request.lastStage()
                : switch (outcome) {
                    case "closed" -> "opened";
                    case "error" -> "credentials_submitted";
                    default -> Boolean.TRUE.equals(request.accountSelection()) ? "account_selected"
                            : Boolean.TRUE.equals(request.mfa()) ? "mfa_requested" : "credentials_submitted";
                };
        List<Stage> stages = new ArrayList<>();
        for (String type : STAGES) {
            boolean optional = type.equals("mfa_requested") && !Boolean.TRUE.equals(request.mfa())
                    || type.equals("account_selected") && !Boolean.TRUE.equals(request.accountSelection());
            if ("terms_exited".equals(lastStage) && type.equals("terms_accepted")) {
                stages.add(Stage.of("terms_exited"));
                break;
            }
            if (!optional || type.equals(lastStage)) {
                stages.add(type.equals("provider_selected") ? new Stage(type, provider, authMethod, null, null)
                        : Stage.of(type));
            }
            if (type.equals(lastStage)) {
                break;
            }
        }
        stages.add(switch (outcome) {
            case "error" -> new Stage("error", provider, authMethod,
                    request.errorMessage() != null ? request.errorMessage() : "Invalid credentials",
                    request.errorType() != null ? request.errorType() : "validation_error");
            case "closed" -> Stage.of("closed");
            default -> new Stage("success", provider, authMethod, null, null);
        });
        return stages;
    }

    private Uni<Void> reportAll(SimSession session, List<Stage> stages, List<Instant> times) {
        if (stages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Integer> indexes = java.util.stream.IntStream.range(0, stages.size()).boxed().toList();
        return Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(i -> record(session, stages.get(i), times.get(i)))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> record(SimSession session, Stage stage, Instant at) {
        return relay.report(session.sessionId(), new SessionEventRelay.StageEvent(SimIds.uuid(), stage.type(), at,
                stage.providerId(), stage.authMethod(), stage.errorMessage(), stage.errorType()));
    }

    /** One time per stage, the last one now, earlier ones {@code seconds} apart (1 ms apart by default). */
    private List<Instant> spacedUntilNow(int count, Double seconds) {
        Instant now = clock.instant();
        Duration step = seconds == null || seconds <= 0 ? Duration.ofMillis(1)
                : Duration.ofMillis(Math.round(seconds * 1000));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(now.minus(step.multipliedBy(count - 1 - i)));
        }
        return times;
    }

    private static Map<String, Object> result(SimSession session, SimConnectService.Success success,
            List<Stage> stages, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", session.sessionId());
        if (success != null) {
            body.put("code", success.code());
            body.put("connection_id", success.connectionId());
            String redirect = redirectTarget(success, state);
            if (redirect != null) {
                body.put("redirect_url", redirect);
            }
        }
        body.put("events", stages.stream().map(Stage::type).toList());
        return body;
    }

    static String providerOf(SimSession session, String requested) {
        if (session.providerId() != null) {
            return session.providerId();
        }
        return requested != null ? requested : SimProviders.DEFAULT_PROVIDER;
    }

    static String authMethodOf(SimSession session, String requestedProvider, String requestedAuthMethod) {
        return SimProviders.authMethodFor(providerOf(session, requestedProvider),
                session.authMethod() != null ? session.authMethod() : requestedAuthMethod);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
