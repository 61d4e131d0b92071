package com.acme.finchconnections.connection;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connection status as Finch reported it at a moment in Finch's time.
 *
 * @param observedAt a webhook's {@code finch-timestamp}, or when the service read {@code /introspect}
 * @param cause      webhook, exchange, reauthenticate, introspect or migration
 * @param eventId    Finch's event id for a webhook, else null
 * @param eventType  e.g. {@code account.updated}; for other causes the cause itself
 */
public record StatusObservation(String status, String message, Instant observedAt, String cause, String eventId,
        String eventType, JsonNode details) {

    public static StatusObservation fromIntrospection(String status, String message, Instant readAt, String cause) {
        return new StatusObservation(ConnectionStatuses.normalize(status), message, readAt, cause, null, cause, null);
    }
}
