package com.acme.finchconnections.session;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of a session's timeline. {@code details} holds what the event carried: its {@code source}
 * ({@code service} or {@code frontend}) and, when known, provider, auth method, error message and type.
 */
public record HistoryEntry(String type, Instant occurredAt, JsonNode details) {

    static HistoryEntry from(SessionEvent event) {
        ObjectNode details = event.details instanceof ObjectNode stored ? stored.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (event.details != null && !(event.details instanceof ObjectNode)) {
            details.set("value", event.details);
        }
        putIfAbsent(details, "source", event.source);
        putIfAbsent(details, "event_id", event.eventId);
        putIfAbsent(details, "provider_id", event.providerId);
        putIfAbsent(details, "auth_method", event.authMethod);
        putIfAbsent(details, "error_message", event.errorMessage);
        putIfAbsent(details, "error_type", event.errorType);
        return new HistoryEntry(event.type, event.occurredAt, details);
    }

    private static void putIfAbsent(ObjectNode details, String field, String value) {
        if (value != null && !details.has(field)) {
            details.put(field, value);
        }
    }
}
