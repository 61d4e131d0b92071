package com.acme.finchconnections.connection;

import java.time.Instant;

/** The value published on {@code connections.status.v1} for every status change, keyed by connection_id. */
public record StatusChangedMessage(String connectionId, String customerId, String previousStatus, String status,
        Instant changedAt, String causeEventId, Reauthenticate reauthenticate) {

    /** A re-authentication session created for a connection that turned {@code reauth} ("smart re-auth"). */
    public record Reauthenticate(String sessionId, String connectUrl) {
    }

    public StatusChangedMessage withReauthenticate(Reauthenticate session) {
        return new StatusChangedMessage(connectionId, customerId, previousStatus, status, changedAt, causeEventId,
                session);
    }
}
