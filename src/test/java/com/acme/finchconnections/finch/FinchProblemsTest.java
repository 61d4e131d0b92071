package com.acme.finchconnections.finch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.acme.finchconnections.common.problem.ProblemException;

/** API.md's mapping of Finch failures nobody handled. */
class FinchProblemsTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

    private static FinchException answered(FinchException.Kind kind, int status, String name, String finchCode) {
        return FinchException.builder(kind, "GET /introspect").httpStatus(status)
                .body(status, name, finchCode, "msg", Map.of()).requestId("req-1").build();
    }

    @Test
    void finchServerErrorIsBadGateway() {
        ProblemException problem = FinchProblems.from(
                answered(FinchException.Kind.UNAVAILABLE, 500, "server_error", null), clock);
        assertEquals(502, problem.status());
        assertEquals("server_error", problem.members().get("finch_code"));
        assertEquals("req-1", problem.members().get("finch_request_id"));
    }

    @Test
    void unreachableIsBadGatewayAndTimeoutIsGatewayTimeout() {
        assertEquals(502, FinchProblems.from(FinchException.builder(FinchException.Kind.UNAVAILABLE, "x")
                .detail("unreachable").build(), clock).status());
        assertEquals(504, FinchProblems.from(FinchException.builder(FinchException.Kind.TIMEOUT, "x")
                .detail("no answer").build(), clock).status());
    }

    @Test
    void rateLimitIsServiceUnavailableWithRetryAfter() {
        FinchException limited = FinchException.builder(FinchException.Kind.RATE_LIMITED, "x").httpStatus(429)
                .body(429, "rate_limit_exceeded_error", "finch_application_rl", "slow down", Map.of())
                .retryAfter(Duration.ofMillis(2500)).build();
        ProblemException problem = FinchProblems.from(limited, clock);
        assertEquals(503, problem.status());
        assertEquals("3", problem.headers().get("Retry-After"));
        assertEquals("finch_application_rl", problem.members().get("finch_code"));
    }

    @Test
    void jobQuotaIsTooManyRequestsWithRetryAt() {
        FinchException quota = FinchException.builder(FinchException.Kind.JOB_QUOTA_EXCEEDED, "x").httpStatus(429)
                .retryAt(Instant.parse("2026-01-15T10:30:00Z")).build();
        ProblemException problem = FinchProblems.from(quota, clock);
        assertEquals(429, problem.status());
        assertEquals("2026-01-15T10:30:00Z", problem.members().get("retry_at"));
        assertEquals("1800", problem.headers().get("Retry-After"));
    }

    @Test
    void otherFinchRefusalsAreBadGatewayWithFinchsCode() {
        ProblemException problem = FinchProblems.from(
                answered(FinchException.Kind.REJECTED, 400, "bad_request", "invalid_request"), clock);
        assertEquals(502, problem.status());
        assertEquals("invalid_request", problem.members().get("finch_code"));
    }
}
