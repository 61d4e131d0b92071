package com.acme.finchconnections.operator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.acme.finchconnections.session.HistoryEntry;
import com.fasterxml.jackson.databind.JsonNode;

/** A session's events in order with the time since the previous one and the error the employer saw. */
public record SessionTimeline(List<Step> steps) {

    /** {@code sincePrevious} is null for the first event. */
    public record Step(HistoryEntry entry, String sincePrevious, String source, String providerId,
            String authMethod, String errorMessage, String errorType) {
    }

    static SessionTimeline of(List<HistoryEntry> entries) {
        List<Step> steps = new ArrayList<>();
        HistoryEntry previous = null;
        for (HistoryEntry entry : entries) {
            String since = previous == null || previous.occurredAt() == null || entry.occurredAt() == null ? null
                    : OperatorFormats.humanDuration(Duration.between(previous.occurredAt(), entry.occurredAt()));
            JsonNode details = entry.details();
            steps.add(new Step(entry, since, text(details, "source"), text(details, "provider_id"),
                    text(details, "auth_method"), text(details, "error_message"), text(details, "error_type")));
            previous = entry;
        }
        return new SessionTimeline(steps);
    }

    private static String text(JsonNode details, String field) {
        return details == null || !details.hasNonNull(field) ? null : details.get(field).asText();
    }
}
