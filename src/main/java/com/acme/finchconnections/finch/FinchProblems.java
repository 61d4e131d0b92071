package com.acme.finchconnections.finch;

import java.time.Clock;
import java.time.Duration;

import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.Problems;

/**
 * How a Finch failure reaches our callers when no service handled it (API.md, "Finch failures"): 502 when Finch
 * answered 5xx, was unreachable or refused the call; 504 on a timeout; 503 with {@code Retry-After} when Finch
 * rate-limits us; 429 with {@code retry_at} for a spent job quota. Each problem carries {@code finch_code} and
 * {@code finch_request_id} when known. Services may use these to map a case themselves.
 */
public final class FinchProblems {

    /** Finch rate-limited us without saying for how long: ask callers to come back after this. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private FinchProblems() {
    }

    public static ProblemException from(FinchException failure, Clock clock) {
        ProblemException problem = switch (failure.kind()) {
            case JOB_QUOTA_EXCEEDED -> jobQuotaExceeded(failure, clock);
            case RATE_LIMITED -> new ProblemException(503, Problems.type("finch-rate-limited"), "Finch rate limit",
                    "Finch is rate-limiting this service; try again later", failure)
                    .withHeader("Retry-After", String.valueOf(seconds(failure.retryAfter() != null
                            ? failure.retryAfter() : DEFAULT_RETRY_AFTER)));
            case TIMEOUT -> new ProblemException(504, Problems.type("finch-timeout"), "Finch timeout",
                    "Finch did not answer in time", failure);
            case UNAVAILABLE -> new ProblemException(502, Problems.type("finch-unavailable"), "Finch unavailable",
                    failure.isCircuitOpen() ? "Finch is failing repeatedly; calls are paused for a moment"
                            : failure.httpStatus() == 0 ? "Finch could not be reached"
                                    : "Finch answered with an error (" + failure.httpStatus() + ")",
                    failure);
            default -> new ProblemException(502, Problems.type("finch-error"), "Finch refused the request",
                    "Finch refused the request (" + failure.httpStatus() + " " + failure.finchCodeOrName() + ")",
                    failure);
        };
        return problem.with("finch_code", failure.finchCodeOrName())
                .with("finch_request_id", failure.requestId());
    }

    private static ProblemException jobQuotaExceeded(FinchException failure, Clock clock) {
        Duration wait = Duration.between(clock.instant(), failure.retryAt());
        return new ProblemException(429, Problems.type("job-quota-exceeded"), "Job quota exceeded",
                "Finch allows no more refreshes for this connection until " + failure.retryAt(), failure)
                .with("retry_at", failure.retryAt().toString())
                .withHeader("Retry-After", String.valueOf(Math.max(1, seconds(wait))));
    }

    private static long seconds(Duration duration) {
        long seconds = duration.toSeconds();
        return duration.minusSeconds(seconds).isZero() ? seconds : seconds + 1;
    }
}
