package com.acme.finchconnections.session;

import com.acme.finchconnections.common.problem.Violations;

/**
 * The body of {@code POST /api/v1/connect/exchange}. {@code redirect_uri} only for the redirect flow (Finch
 * refuses it for the embedded flow); when absent, the named session's own redirect_uri is used. Unknown fields
 * are ignored.
 */
public record ExchangeRequest(String code, String sessionId, String redirectUri) {

    private static final int MAX_CODE_LENGTH = 2048;

    ExchangeRequest validated() {
        Violations violations = new Violations()
                .requireText(code, "code", MAX_CODE_LENGTH)
                .optionalText(sessionId, "session_id", ConnectRules.MAX_ID_LENGTH);
        ConnectRules.redirectUri(violations, redirectUri, "redirect_uri");
        violations.throwIfAny();
        return this;
    }

    @Override
    public String toString() {
        return "ExchangeRequest[sessionId=" + sessionId + "]";
    }
}
