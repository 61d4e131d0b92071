package com.acme.finchconnections.webhook;

import java.time.Instant;

/**
 * The value of every message on {@code finch.webhooks.v1}, keyed by connection_id (account_id when Finch sent
 * none). {@code payload} is the webhook body exactly as Finch sent it, as a JSON string, so nothing Finch signed
 * is lost or reformatted.
 */
public record WebhookEnvelope(String eventId, String eventType, String connectionId, String accountId,
        String companyId, String entityId, Instant finchTimestamp, Instant receivedAt, String payload) {

    public static final String TOPIC = "finch.webhooks.v1";
    public static final String DEAD_LETTER_TOPIC = "finch.webhooks.v1.dlq";

    /** The Kafka key: events of one connection share a partition, so they are consumed in arrival order. */
    public String key() {
        return key(eventId, connectionId, accountId);
    }

    /** {@link #key()} from the fields alone, for the producer, which writes the envelope without this record. */
    static String key(String eventId, String connectionId, String accountId) {
        if (connectionId != null && !connectionId.isBlank()) {
            return connectionId;
        }
        return accountId != null ? accountId : eventId;
    }
}
