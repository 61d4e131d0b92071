package com.acme.finchconnections.session;

import java.util.List;

import com.acme.finchconnections.common.problem.Violations;

/** The body of {@code POST /api/v1/connect/sessions/reauthenticate}; unknown fields are ignored. */
public record ReauthenticateRequest(String connectionId, List<String> products, Integer minutesToExpire,
        String redirectUri) {

    ReauthenticateRequest validated(int defaultMinutesToExpire) {
        Violations violations = new Violations().requireText(connectionId, "connection_id", ConnectRules.MAX_ID_LENGTH);
        ConnectRules.products(violations, products, "products", false);
        ConnectRules.minutesToExpire(violations, minutesToExpire);
        ConnectRules.redirectUri(violations, redirectUri, "redirect_uri");
        violations.throwIfAny();
        return new ReauthenticateRequest(connectionId, products == null ? null : products.stream().distinct().toList(),
                minutesToExpire == null ? defaultMinutesToExpire : minutesToExpire, redirectUri);
    }
}
