package com.acme.finchconnections.finch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsSecondsIncludingFractions() {
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse(null, "30", clock));
        assertEquals(Duration.ofMillis(1500), RetryAfter.parse(null, "1.5", clock));
    }

    @Test
    void readsAnHttpDate() {
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse(null, "Thu, 15 Jan 2026 10:01:30 GMT", clock));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertEquals(Duration.ZERO, RetryAfter.parse(null, "Thu, 15 Jan 2026 09:00:00 GMT", clock));
    }

    @Test
    void retryAfterMsWins() {
        assertEquals(Duration.ofMillis(250), RetryAfter.parse("250", "30", clock));
    }

    @Test
    void unreadableOrAbsentIsNull() {
        assertNull(RetryAfter.parse(null, null, clock));
        assertNull(RetryAfter.parse("soon", "later", clock));
    }
}
