package com.acme.finchconnections.operator;

import java.time.Instant;

/**
 * A signed-in operator: the caller name of the API key they signed in with (never the key) and until when.
 * {@code csrfToken} is derived from the signed cookie, so forms can carry it without server-side state.
 */
public record OperatorSession(String caller, Instant expiresAt, String csrfToken) {
}
