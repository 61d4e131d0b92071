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
 * The few top-level fields the envelope needs, read from a webhook body that must be one JSON object, and the
 * body itself as received. Only the top level is looked at; everything else is skipped, not bound, because the
 * body travels on as the raw bytes. The bytes are parsed as they are: no String of the body is ever made.
 */
record WebhookBody(byte[] raw, String eventType, String connectionId, String accountId, String companyId,
        String entityId) {

    static final class NotJson extends Exception {
        NotJson(String message) {
            super(message, null, false, false);
        }
    }

    static WebhookBody parse(JsonFactory factory, byte[] raw) throws NotJson {
        requireUtf8Json(raw);
        String eventType = null;
        String connectionId = null;
        String accountId = null;
        String companyId = null;
        String entityId = null;
        try (JsonParser parser = factory.createParser(raw)) {
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
        return new WebhookBody(raw, eventType, connectionId, accountId, companyId, entityId);
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
     * What Jackson's byte parser does not check for itself, so that it sees a body exactly as a strict UTF-8
     * decode followed by a text parse would:
     * <ul>
     * <li>strict UTF-8 (RFC 8259). Jackson rejects bad start and continuation bytes but passes overlong forms,
     * surrogates and code points past U+10FFFF; a lenient reading would publish a payload that is no longer
     * text the consumer can decode to what Finch signed.</li>
     * <li>no zero byte: JSON never holds a raw U+0000 (control characters are escaped inside strings and are not
     * whitespace), and Jackson's encoding detection takes zero bytes near the start for UTF-16 or UTF-32.</li>
     * <li>no byte-order mark, which the byte parser would skip silently.</li>
     * </ul>
     * Webhook bodies are nearly always ASCII, so the bytes are scanned once and the JDK's strict decoder only
     * runs from the first non-ASCII byte on (every byte before it is a whole character).
     */
    private static void requireUtf8Json(byte[] raw) throws NotJson {
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == 0) {
                throw new NotJson("The webhook body is not valid JSON");
            }
            if (b < 0) {
                requireStrictUtf8(raw, i);
                return;
            }
        }
    }

    private static void requireStrictUtf8(byte[] raw, int from) throws NotJson {
        if (from == 0 && raw.length >= 3 && raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF) {
            throw new NotJson("The webhook body starts with a byte-order mark");
        }
        try {
            CharSequence text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, from, raw.length - from));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == 0) {
                    throw new NotJson("The webhook body is not valid JSON");
                }
            }
        } catch (CharacterCodingException e) {
            throw new NotJson("The webhook body is not UTF-8");
        }
    }
}
