package com.acme.finchconnections.connection;

import java.time.Instant;

/** One entry of a connection's audit trail; {@code event_id} is Finch's for webhook events, else null. */
public record ConnectionEventView(String eventId, String eventType, String cause, Instant finchTimestamp,
        Instant appliedAt, String previousStatus, String status, boolean statusChanged) {

    static ConnectionEventView from(ConnectionEvent event) {
        return new ConnectionEventView(event.eventId, event.eventType, event.cause, event.finchTimestamp,
                event.appliedAt, event.previousStatus, event.status, event.statusChanged);
    }
}
