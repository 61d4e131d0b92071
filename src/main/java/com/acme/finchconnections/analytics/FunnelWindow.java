package com.acme.finchconnections.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.acme.finchconnections.common.problem.Violations;

/**
 * The funnel's filters: sessions created in {@code [from, to)}, optionally for one provider. {@code from}/{@code to}
 * are RFC 3339 date-times or dates (UTC days): a date {@code from} starts that day, a date {@code to} includes it.
 */
record FunnelWindow(Instant from, Instant to, String providerId) {

    private static final int MAX_PROVIDER_LENGTH = 200;

    static FunnelWindow parse(String from, String to, String providerId, Instant now, Duration defaultWindow) {
        Violations violations = new Violations().optionalText(providerId, "provider_id", MAX_PROVIDER_LENGTH);
        Instant end = to == null || to.isBlank() ? now : instant(to, "to", true, violations);
        Instant start = from == null || from.isBlank() ? end.minus(defaultWindow)
                : instant(from, "from", false, violations);
        if (violations.isEmpty() && !start.isBefore(end)) {
            violations.add("from", "must be before to");
        }
        violations.throwIfAny();
        return new FunnelWindow(start, end, providerId == null || providerId.isBlank() ? null : providerId);
    }

    private static Instant instant(String value, String field, boolean endOfDay, Violations violations) {
        try {
            return OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                LocalDate day = LocalDate.parse(value.trim(), DateTimeFormatter.ISO_LOCAL_DATE);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                violations.add(field, "must be an RFC 3339 date-time (2025-01-31T00:00:00Z) or a date (2025-01-31)");
                return Instant.EPOCH;
            }
        }
    }
}
