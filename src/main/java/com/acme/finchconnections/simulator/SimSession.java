package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;

/** A Connect session: {@code connect} for a new customer, {@code reauthenticate} for an existing connection. */
record SimSession(
        String sessionId,
        String kind,
        String customerId,
        String customerName,
        String customerEmail,
        String connectionId,
        List<String> products,
        String providerId,
        String authMethod,
        Boolean manual,
        String sandbox,
        String redirectUri,
        String status,
        Instant createdAt,
        Instant expiresAt) {

    static final String CONNECT = "connect";
    static final String REAUTHENTICATE = "reauthenticate";

    static SimSession from(Row row) {
        return new SimSession(row.getString("session_id"), row.getString("kind"), row.getString("customer_id"),
                row.getString("customer_name"), row.getString("customer_email"), row.getString("connection_id"),
                SimRows.strings(row, "products"), row.getString("provider_id"), row.getString("auth_method"),
                row.getBoolean("manual"), row.getString("sandbox"), row.getString("redirect_uri"),
                row.getString("status"), SimRows.instant(row, "created_at"), SimRows.instant(row, "expires_at"));
    }

    boolean isReauthentication() {
        return REAUTHENTICATE.equals(kind);
    }

    boolean isCompleted() {
        return "completed".equals(status);
    }

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
