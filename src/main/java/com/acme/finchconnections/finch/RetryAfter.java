package com.acme.finchconnections.finch;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads how long Finch asks us to wait, as the official SDKs do: {@code retry-after-ms} (milliseconds) first,
 * then {@code Retry-After} as seconds or as an HTTP date. A date in the past means "now".
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Duration parse(String retryAfterMs, String retryAfter, Clock clock) {
        Duration millis = parseMillis(retryAfterMs);
        if (millis != null) {
            return millis;
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.trim();
        try {
            double seconds = Double.parseDouble(value);
            return nonNegative(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return nonNegative(Duration.between(clock.instant(), at.toInstant()));
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static Duration parseMillis(String retryAfterMs) {
        if (retryAfterMs == null || retryAfterMs.isBlank()) {
            return null;
        }
        try {
            return nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(retryAfterMs.trim()))));
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
