package com.acme.finchconnections.analytics;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/analytics/auth-funnel}; definitions in docs/analytics.md. */
public record AuthFunnel(Instant from, Instant to, String providerId, long sessionsStarted, long sessionsCompleted,
        double conversionRate, List<Stage> stages, List<ErrorCount> topErrors) {

    /** {@code median_seconds} is null when no session has a finished stay in the stage. */
    public record Stage(String stage, long reached, long dropped, Double medianSeconds) {
    }

    public record ErrorCount(String message, long count) {
    }
}
