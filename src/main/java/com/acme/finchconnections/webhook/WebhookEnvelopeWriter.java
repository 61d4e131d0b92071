package com.acme.finchconnections.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Writes the value of a {@code finch.webhooks.v1} record: the JSON of {@link WebhookEnvelope}, byte for byte as the
 * application's ObjectMapper writes that record (snake_case names in component order, nulls written, instants as
 * RFC 3339 text like {@code JavaTimeModule}), which is what {@link ReceivedWebhook} reads back. Written with a
 * streaming generator instead of the mapper because this runs for every delivery: no reflection or serializer
 * look-up, and the payload goes straight from the received bytes into the output, escaped, without ever becoming a
 * String (the body was checked to be strict UTF-8, so its bytes are already the text's encoding).
 */
final class WebhookEnvelopeWriter {

    /** Field names and order, as the mapper derives them from {@link WebhookEnvelope}'s components. */
    private static final String EVENT_ID = "event_id";
    private static final String EVENT_TYPE = "event_type";
    private static final String CONNECTION_ID = "connection_id";
    private static final String ACCOUNT_ID = "account_id";
    private static final String COMPANY_ID = "company_id";
    private static final String ENTITY_ID = "entity_id";
    private static final String FINCH_TIMESTAMP = "finch_timestamp";
    private static final String RECEIVED_AT = "received_at";
    private static final String PAYLOAD = "payload";

    /** Room for the envelope's own fields around the payload, so the output buffer is allocated once. */
    private static final int ENVELOPE_OVERHEAD = 512;

    private WebhookEnvelopeWriter() {
    }

    static byte[] write(JsonFactory json, String eventId, WebhookBody body, Instant finchTimestamp,
            Instant receivedAt) {
        byte[] payload = body.raw();
        // A payload full of characters to escape grows; ByteArrayBuilder then adds a segment, it never copies.
        ByteArrayBuilder out = new ByteArrayBuilder(payload.length + ENVELOPE_OVERHEAD);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField(EVENT_ID, eventId);
            generator.writeStringField(EVENT_TYPE, body.eventType());
            generator.writeStringField(CONNECTION_ID, body.connectionId());
            generator.writeStringField(ACCOUNT_ID, body.accountId());
            generator.writeStringField(COMPANY_ID, body.companyId());
            generator.writeStringField(ENTITY_ID, body.entityId());
            generator.writeStringField(FINCH_TIMESTAMP, finchTimestamp.toString());
            generator.writeStringField(RECEIVED_AT, receivedAt.toString());
            generator.writeFieldName(PAYLOAD);
            generator.writeUTF8String(payload, 0, payload.length);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toByteArray();
    }
}
