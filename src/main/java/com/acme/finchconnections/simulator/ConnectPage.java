package com.acme.finchconnections.simulator;

import java.util.List;

import io.quarkus.qute.TemplateData;

/**
 * What one screen of the simulated Connect shows. {@code stage} picks the screen: providers, terms, credentials,
 * mfa, accounts, success, closed, unavailable. Carried between screens in hidden form fields, so the page keeps
 * no server-side state of its own.
 */
@TemplateData
public record ConnectPage(
        String stage,
        String sessionId,
        String state,
        String customerName,
        String providerId,
        String providerName,
        String authMethod,
        boolean pendingAccountSelection,
        String error,
        List<SimProviders.Provider> providers,
        String code,
        String redirectUrl) {

    static ConnectPage of(String stage, SimSession session, String state, String providerId, String authMethod) {
        String providerName = providerId == null ? null
                : SimProviders.find(providerId).map(SimProviders.Provider::displayName).orElse(providerId);
        return new ConnectPage(stage, session.sessionId(), state, session.customerName(), providerId, providerName,
                authMethod, false, null, List.of(), null, null);
    }

    static ConnectPage providers(SimSession session, String state) {
        return new ConnectPage("providers", session.sessionId(), state, session.customerName(), null, null, null,
                false, null, SimProviders.offered(Boolean.TRUE.equals(session.manual())), null, null);
    }

    static ConnectPage unavailable(String message) {
        return new ConnectPage("unavailable", null, null, null, null, null, null, false, message, List.of(), null,
                null);
    }

    ConnectPage withError(String message) {
        return new ConnectPage(stage, sessionId, state, customerName, providerId, providerName, authMethod,
                pendingAccountSelection, message, providers, code, redirectUrl);
    }

    ConnectPage withPendingAccountSelection(boolean pending) {
        return new ConnectPage(stage, sessionId, state, customerName, providerId, providerName, authMethod, pending,
                error, providers, code, redirectUrl);
    }

    ConnectPage withSuccess(String newCode, String newRedirectUrl) {
        return new ConnectPage("success", sessionId, state, customerName, providerId, providerName, authMethod, false,
                null, providers, newCode, newRedirectUrl);
    }

    public boolean isApiToken() {
        return "api_token".equals(authMethod);
    }

    public boolean isAssisted() {
        return "assisted".equals(authMethod);
    }
}
