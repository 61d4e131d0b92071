package com.acme.finchconnections.finch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the service reaches Finch. The client secret comes from the environment in production and is never
 * logged. Timeouts and retries mirror Finch's official SDKs (0.5 s → 8 s backoff, 2 retries, 60 s).
 */
@ConfigMapping(prefix = "finch")
public interface FinchConfig {

    /** {@code https://api.tryfinch.com}; the simulator's {@code /finch-sim} in dev and test. */
    String baseUrl();

    Optional<String> clientId();

    Optional<String> clientSecret();

    /** Establishing the TCP/TLS connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** One attempt, from sending the request to the whole response. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Everything one call may take: attempts plus the waits between them. No retry waits past it. */
    @WithDefault("60s")
    Duration deadline();

    Retry retry();

    CircuitBreaker circuitBreaker();

    /**
     * Webhook signing secrets. The webhook capability verifies with them; they are mapped here too because a
     * {@code finch} root must account for every {@code finch.*} key or start-up fails.
     */
    Webhook webhook();

    interface Webhook {

        /** Standard base64, as Finch's dashboard shows them; several while a secret rotates. */
        Optional<List<String>> secrets();
    }

    interface Retry {

        /** Retries after the first attempt (408, 409, 429, 5xx, unreachable, timeout). */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();
    }

    interface CircuitBreaker {

        /** Consecutive outage failures (5xx, unreachable, timeout) that open the circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit fails calls at once before letting one trial call through. */
        @WithDefault("30s")
        Duration openDuration();
    }
}
