package com.acme.finchconnections.webhook;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A webhook event ready to apply: the envelope's facts plus the parsed {@code data} of Finch's body.
 * {@code kafkaPartition}/{@code kafkaOffset} say where it arrived (null for nothing).
 */
public record WebhookEvent(String eventId, String eventType, String connectionId, String accountId,
        String companyId, String entityId, Instant finchTimestamp, Instant receivedAt, String payload,
        JsonNode data, Integer kafkaPartition, Long kafkaOffset) {

    public WebhookEventKind kind() {
        return WebhookEventKind.of(eventType);
    }

    public WebhookEvent withConnectionId(String resolved) {
        return new WebhookEvent(eventId, eventType, resolved, accountId, companyId, entityId, finchTimestamp,
                receivedAt, payload, data, kafkaPartition, kafkaOffset);
    }

    /** A text field of {@code data}, or null. */
    public String dataText(String field) {
        if (data == null || !data.hasNonNull(field) || !data.get(field).isValueNode()) {
            return null;
        }
        String value = data.get(field).asText();
        return value.isBlank() ? null : value;
    }

    /** A parked inbox row back into an event: its payload was checked when it was parked. */
    public static WebhookEvent fromInbox(WebhookInbox row, JsonNode data) {
        return new WebhookEvent(row.eventId, row.eventType, row.connectionId, row.accountId, row.companyId,
                row.entityId, row.finchTimestamp, row.receivedAt, row.payload, data, row.kafkaPartition,
                row.kafkaOffset);
    }
}
