package com.acme.finchconnections.finch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-01-15T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterConsecutiveOutagesAndFailsFast() {
        for (int i = 0; i < 3; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.onOutage();
        }
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        breaker.onOutage();
        breaker.onOutage();
        breaker.onSuccess();
        breaker.onOutage();
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void afterTheOpenPeriodOneTrialCallDecides() {
        for (int i = 0; i < 3; i++) {
            breaker.onOutage();
        }
        clock.now = clock.now.plusSeconds(31);
        assertTrue(breaker.tryAcquire(), "the trial call");
        assertFalse(breaker.tryAcquire(), "others wait for the trial");
        breaker.onOutage();
        assertFalse(breaker.tryAcquire(), "the failed trial opened it again");
        clock.now = clock.now.plusSeconds(31);
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.tryAcquire());
    }
}
