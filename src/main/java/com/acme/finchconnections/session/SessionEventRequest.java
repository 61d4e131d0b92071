package com.acme.finchconnections.session;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.acme.finchconnections.common.problem.Violations;

/**
 * The body of {@code POST /api/v1/connect/sessions/{session_id}/events}: one thing the employer did in Connect.
 * {@code occurred_at} stays a string until validated, so a malformed time is a violation, not a parse error.
 */
public record SessionEventRequest(String eventId, String type, String occurredAt, String providerId,
        String authMethod, String errorMessage, String errorType) {

    private static final int MAX_TEXT = 200;
    private static final int MAX_MESSAGE = 2000;

    /** A validated event; {@code occurredAt} is the caller's time or, when absent, {@code now}. */
    record Valid(String eventId, String type, Instant occurredAt, String providerId, String authMethod,
            String errorMessage, String errorType) {
    }

    Valid validated(Instant now, Duration maxFutureSkew) {
        Violations violations = new Violations()
                .optionalText(eventId, "event_id", MAX_TEXT)
                .optionalText(providerId, "provider_id", MAX_TEXT)
                .optionalText(authMethod, "auth_method", MAX_TEXT)
                .optionalText(errorMessage, "error_message", MAX_MESSAGE)
                .optionalText(errorType, "error_type", MAX_TEXT);
        if (eventId != null && eventId.isBlank()) {
            violations.add("event_id", "must not be blank");
        }
        if (type == null || type.isBlank()) {
            violations.add("type", "is required");
        } else if (!SessionStages.isStage(type)) {
            violations.add("type", "must be one of " + String.join(", ", SessionStages.ORDER));
        }
        Instant occurred = occurredAt(violations, now, maxFutureSkew);
        violations.throwIfAny();
        return new Valid(eventId, type, occurred, providerId, authMethod, errorMessage, errorType);
    }

    private Instant occurredAt(Violations violations, Instant now, Duration maxFutureSkew) {
        if (occurredAt == null) {
            return now;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(occurredAt, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            violations.add("occurred_at", "must be an RFC 3339 date-time with an offset, e.g. 2025-01-31T12:00:00Z");
            return now;
        }
        // A front end's clock may run a little ahead; far ahead would distort every time-in-stage after it.
        if (parsed.isAfter(now.plus(maxFutureSkew))) {
            violations.add("occurred_at", "must not be more than " + maxFutureSkew.toSeconds()
                    + " seconds in the future");
        }
        return parsed;
    }
}
