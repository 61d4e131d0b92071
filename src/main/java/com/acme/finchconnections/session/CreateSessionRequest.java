package com.acme.finchconnections.session;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.acme.finchconnections.common.problem.Violations;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/connect/sessions}: Finch's own {@code POST /connect/sessions} body. Unknown
 * fields are ignored, as Finch's API and this service's JSON do everywhere (a newer caller is not broken).
 */
public record CreateSessionRequest(String customerId, String customerName, String customerEmail,
        List<String> products, IntegrationRequest integration, Boolean manual, Integer minutesToExpire,
        String redirectUri,
        @Schema(description = "finch or provider; true/false from older callers read as finch/none",
                oneOf = { String.class, Boolean.class }) JsonNode sandbox) {

    /** Skips Connect's provider selection. */
    public record IntegrationRequest(String provider, String authMethod) {
    }

    /** Checks every field against Finch's rules, reporting all violations at once. */
    NewSession validated(int defaultMinutesToExpire) {
        Violations violations = new Violations()
                .requireText(customerId, "customer_id", ConnectRules.MAX_ID_LENGTH)
                .requireText(customerName, "customer_name", ConnectRules.MAX_ID_LENGTH);
        ConnectRules.email(violations, customerEmail, "customer_email");
        ConnectRules.products(violations, products, "products", true);
        if (integration != null) {
            violations.requireText(integration.provider(), "integration.provider", ConnectRules.MAX_ID_LENGTH);
            ConnectRules.authMethod(violations, integration.authMethod(), "integration.auth_method");
        }
        ConnectRules.minutesToExpire(violations, minutesToExpire);
        ConnectRules.redirectUri(violations, redirectUri, "redirect_uri");
        String sandboxMode = ConnectRules.sandbox(violations, sandbox);
        violations.throwIfAny();
        return new NewSession(customerId, customerName, customerEmail, products.stream().distinct().toList(),
                integration == null ? null : integration.provider(),
                integration == null ? null : integration.authMethod(), manual,
                minutesToExpire == null ? defaultMinutesToExpire : minutesToExpire, redirectUri, sandboxMode);
    }
}
