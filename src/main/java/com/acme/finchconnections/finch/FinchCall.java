package com.acme.finchconnections.finch;

import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * One Finch operation as the executor runs it.
 *
 * @param operation   e.g. {@code POST /auth/token}, for messages and logs
 * @param singleShot  never sent twice once it may have reached Finch ({@code /auth/token}: codes are single-use)
 * @param secrets     values this call sends (token, code, client secret) that must never appear in a message
 * @param request     sends one attempt
 */
record FinchCall(String operation, boolean singleShot, List<String> secrets, Supplier<Uni<Response>> request) {

    static FinchCall retryable(String operation, List<String> secrets, Supplier<Uni<Response>> request) {
        return new FinchCall(operation, false, secrets, request);
    }

    static FinchCall singleShot(String operation, List<String> secrets, Supplier<Uni<Response>> request) {
        return new FinchCall(operation, true, secrets, request);
    }

    /** Finch's text with every secret of this call masked, in case Finch ever echoes one back. */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }
}
