package com.acme.finchconnections.webhook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The few top-level fields the envelope needs, read from a webhook body that must be one JSON object. Only the
 * top level is looked at; everything else is skipped, not bound, because the body travels on as the raw text.
 */
record WebhookBody(String json, String eventType, String connectionId, String accountId, String companyId,
        String entityId) {

    static final class NotJson extends Exception {
        NotJson(String message) {
            super(message, null, false, false);
        }
    }

    static WebhookBody parse(JsonFactory factory, byte[] raw) throws NotJson {
        String json = strictUtf8(raw);
        String eventType = null;
        String connectionId = null;
        String accountId = null;
        String companyId = null;
        String entityId = null;
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new NotJson("The webhook body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "event_type" -> eventType = text(parser, value);
                    case "connection_id" -> connectionId = text(parser, value);
                    case "account_id" -> accountId = text(parser, value);
                    case "company_id" -> companyId = text(parser, value);
                    case "entity_id" -> entityId = text(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new NotJson("The webhook body has content after its JSON object");
            }
        } catch (IOException e) {
            // Jackson's message would quote the body; the caller only needs to know it is not JSON.
            throw new NotJson("The webhook body is not valid JSON");
        }
        return new WebhookBody(json, eventType, connectionId, accountId, companyId, entityId);
    }

    /** A string value, or null for anything else (a nested value is skipped whole). */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /**
     * JSON is UTF-8 (RFC 8259). A lenient decode would replace bad bytes and the payload published would no
     * longer be the body Finch signed, so bad bytes make the body invalid instead.
     */
    private static String strictUtf8(byte[] raw) throws NotJson {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotJson("The webhook body is not UTF-8");
        }
    }
}
