package com.acme.finchconnections.webhook;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.acme.finchconnections.common.time.Rfc3339;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One record from {@code finch.webhooks.v1} as it arrived, with either the event it carries or the reason it
 * can never be applied (a poison message: published to the dead-letter topic, never retried). The value stays the
 * record's bytes: it is parsed from them, and a poison record reaches the dead-letter topic byte for byte, even one
 * that is not UTF-8 (as a String it would have been decoded with replacement characters). Records of this type are
 * never compared: {@code value} is an array, compared by identity.
 */
public record ReceivedWebhook(String topic, int partition, long offset, String key, byte[] value,
        WebhookEvent event, String failure) {

    public boolean poison() {
        return failure != null;
    }

    /** Finch's event id when the record got far enough to have one, else null. */
    public String eventId() {
        return event != null ? event.eventId() : null;
    }

    public static ReceivedWebhook parse(ConsumerRecord<String, byte[]> record, ObjectMapper json, Instant now) {
        Parsed parsed = parse(record.value(), record.partition(), record.offset(), json, now);
        return new ReceivedWebhook(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), parsed.event, parsed.failure);
    }

    private record Parsed(WebhookEvent event, String failure) {
    }

    /**
     * Reads the envelope and then the payload with Jackson's streaming parser: only {@code data} becomes a tree.
     * This runs for every record on the consumer's event loop, so no record binding and no tree of the whole body,
     * and the envelope is read from the record's bytes (Jackson's UTF-8 parser), not from a String decoded first.
     */
    private static Parsed parse(byte[] value, int partition, long offset, ObjectMapper json, Instant now) {
        if (isBlank(value)) {
            return new Parsed(null, "empty message");
        }
        WebhookEnvelope envelope;
        try {
            envelope = readEnvelope(json, value);
        } catch (IOException | DateTimeParseException e) {
            return new Parsed(null, "envelope is not a webhook envelope: " + reason(e));
        }
        if (isBlank(envelope.eventId())) {
            return new Parsed(null, "envelope has no event_id");
        }
        Body body = null;
        String bodyFailure = null;
        if (envelope.payload() == null) {
            bodyFailure = "envelope has no payload";
        } else {
            try {
                body = readBody(json, envelope.payload());
                if (body == null) {
                    bodyFailure = "payload is not a JSON object";
                }
            } catch (IOException e) {
                bodyFailure = "payload is not JSON: " + reason(e);
            }
        }
        JsonNode data = body != null ? body.data() : null;
        String connectionId = !isBlank(envelope.connectionId()) ? envelope.connectionId()
                : body != null ? body.connectionId() : null;
        // Dead events still get an inbox row (so a redelivery is recognised): fill the columns it requires.
        WebhookEvent event = new WebhookEvent(envelope.eventId(),
                isBlank(envelope.eventType()) ? "unknown" : envelope.eventType(), connectionId,
                blankToNull(envelope.accountId()), blankToNull(envelope.companyId()), blankToNull(envelope.entityId()),
                envelope.finchTimestamp() != null ? envelope.finchTimestamp()
                        : envelope.receivedAt() != null ? envelope.receivedAt() : now,
                envelope.receivedAt() != null ? envelope.receivedAt() : now,
                envelope.payload() != null ? envelope.payload() : new String(value, StandardCharsets.UTF_8), data,
                partition, offset);
        String failure = bodyFailure != null ? bodyFailure : unappliable(envelope, event);
        return new Parsed(event, failure);
    }

    /** The envelope's fields (WebhookEnvelopeWriter's format); anything else in it is skipped. */
    private static WebhookEnvelope readEnvelope(ObjectMapper json, byte[] value) throws IOException {
        String eventId = null;
        String eventType = null;
        String connectionId = null;
        String accountId = null;
        String companyId = null;
        String entityId = null;
        Instant finchTimestamp = null;
        Instant receivedAt = null;
        String payload = null;
        try (JsonParser parser = json.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "event_id" -> eventId = text(parser, token);
                    case "event_type" -> eventType = text(parser, token);
                    case "connection_id" -> connectionId = text(parser, token);
                    case "account_id" -> accountId = text(parser, token);
                    case "company_id" -> companyId = text(parser, token);
                    case "entity_id" -> entityId = text(parser, token);
                    case "finch_timestamp" -> finchTimestamp = instant(parser, token);
                    case "received_at" -> receivedAt = instant(parser, token);
                    case "payload" -> payload = text(parser, token);
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser);
        }
        return new WebhookEnvelope(eventId, eventType, connectionId, accountId, companyId, entityId, finchTimestamp,
                receivedAt, payload);
    }

    /** What the processor reads of Finch's body: its {@code data} and top-level {@code connection_id}. */
    private record Body(JsonNode data, String connectionId) {
    }

    /** Finch's body, checked to be one JSON object whole; null when it is valid JSON but not an object. */
    private static Body readBody(ObjectMapper json, String payload) throws IOException {
        JsonNode data = null;
        String connectionId = null;
        try (JsonParser parser = json.getFactory().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "data" -> data = token == JsonToken.VALUE_NULL ? null : json.readTree(parser);
                    case "connection_id" -> connectionId = blankToNull(text(parser, token));
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser);
        }
        return new Body(data, connectionId);
    }

    /** One JSON value and nothing after it, as a full read would insist. */
    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "content after the JSON value");
        }
    }

    /** A string value, or null for anything else (a nested value is skipped whole). */
    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /**
     * RFC 3339 text as written by the producer; a number is epoch seconds, as Jackson's own Instant reader takes
     * it.
     */
    private static Instant instant(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> Rfc3339.parseInstant(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                BigDecimal seconds = parser.getDecimalValue();
                yield Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            case VALUE_NULL -> null;
            default -> {
                parser.skipChildren();
                throw new JsonParseException(parser, "finch_timestamp and received_at are RFC 3339 times");
            }
        };
    }

    /** Jackson's message without the location, which would quote the record. */
    private static String reason(Exception e) {
        return e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
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

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** No bytes, or only JSON's whitespace. */
    private static boolean isBlank(byte[] value) {
        if (value == null) {
            return true;
        }
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
