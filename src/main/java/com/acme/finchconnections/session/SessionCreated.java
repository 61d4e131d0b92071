package com.acme.finchconnections.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a session create or re-authenticate: where to send the employer, and until when.
 * {@code customer_id} for a new connection's session, {@code connection_id} for a re-authentication.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionCreated(String sessionId, String connectUrl, String customerId, String connectionId, String kind,
        String status, Instant expiresAt) {

    static SessionCreated from(ConnectSession session) {
        boolean reauthenticate = ConnectSession.KIND_REAUTHENTICATE.equals(session.kind);
        return new SessionCreated(session.sessionId, session.connectUrl, reauthenticate ? null : session.customerId,
                reauthenticate ? session.connectionId : null, session.kind, session.status, session.expiresAt);
    }
}
