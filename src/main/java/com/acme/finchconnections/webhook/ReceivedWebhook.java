package com.acme.finchconnections.webhook;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One record from {@code finch.webhooks.v1} as it arrived, with either the event it carries or the reason it
 * can never be applied (a poison message: published to the dead-letter topic, never retried).
 */
public record ReceivedWebhook(String topic, int partition, long offset, String key, String value,
        WebhookEvent event, String failure) {

    public boolean poison() {
        return failure != null;
    }

    /** Finch's event id when the record got far enough to have one, else null. */
    public String eventId() {
        return event != null ? event.eventId() : null;
    }

    public static ReceivedWebhook parse(ConsumerRecord<String, String> record, ObjectMapper json, Instant now) {
        Parsed parsed = parse(record.value(), record.partition(), record.offset(), json, now);
        return new ReceivedWebhook(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), parsed.event, parsed.failure);
    }

    private record Parsed(WebhookEvent event, String failure) {
    }

    private static Parsed parse(String value, int partition, long offset, ObjectMapper json, Instant now) {
        if (value == null || value.isBlank()) {
            return new Parsed(null, "empty message");
        }
        WebhookEnvelope envelope;
        try {
            envelope = json.readValue(value, WebhookEnvelope.class);
        } catch (JsonProcessingException e) {
            return new Parsed(null, "envelope is not a webhook envelope: " + e.getOriginalMessage());
        }
        if (isBlank(envelope.eventId())) {
            return new Parsed(null, "envelope has no event_id");
        }
        JsonNode body = null;
        String bodyFailure = null;
        if (envelope.payload() == null) {
            bodyFailure = "envelope has no payload";
        } else {
            try {
                body = json.readTree(envelope.payload());
                if (body == null || !body.isObject()) {
                    bodyFailure = "payload is not a JSON object";
                }
            } catch (JsonProcessingException e) {
                bodyFailure = "payload is not JSON: " + e.getOriginalMessage();
            }
        }
        JsonNode data = body != null && body.isObject() ? body.get("data") : null;
        String connectionId = !isBlank(envelope.connectionId()) ? envelope.connectionId()
                : body != null && body.isObject() ? textOrNull(body.get("connection_id")) : null;
        // Dead events still get an inbox row (so a redelivery is recognised): fill the columns it requires.
        WebhookEvent event = new WebhookEvent(envelope.eventId(),
                isBlank(envelope.eventType()) ? "unknown" : envelope.eventType(), connectionId,
                blankToNull(envelope.accountId()), blankToNull(envelope.companyId()), blankToNull(envelope.entityId()),
                envelope.finchTimestamp() != null ? envelope.finchTimestamp()
                        : envelope.receivedAt() != null ? envelope.receivedAt() : now,
                envelope.receivedAt() != null ? envelope.receivedAt() : now,
                envelope.payload() != null ? envelope.payload() : value, data, partition, offset);
        String failure = bodyFailure != null ? bodyFailure : unappliable(envelope, event);
        return new Parsed(event, failure);
    }

    /** Why a well-formed envelope can still never apply, or null. */
    private static String unappliable(WebhookEnvelope envelope, WebhookEvent event) {
        if (isBlank(envelope.eventType())) {
            return "envelope has no event_type";
        }
        if (envelope.finchTimestamp() == null) {
            return "envelope has no finch_timestamp";
        }
        WebhookEventKind kind = event.kind();
        if (kind.needsConnection() && event.connectionId() == null && event.accountId() == null) {
            return kind.name().toLowerCase() + " event names no connection_id or account_id";
        }
        if (kind == WebhookEventKind.STATUS && event.dataText("status") == null) {
            return "account.updated without data.status";
        }
        if (kind == WebhookEventKind.JOB && event.dataText("job_id") == null) {
            return "job event without data.job_id";
        }
        return null;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
