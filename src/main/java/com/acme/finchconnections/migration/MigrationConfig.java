package com.acme.finchconnections.migration;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How legacy-token migrations are taken in and run (see docs/migration.md). */
@ConfigMapping(prefix = "migration")
public interface MigrationConfig {

    /** Records introspected at the same time by one instance, across all running migrations. */
    @WithDefault("8")
    int concurrency();

    /** Records per multi-row insert while a request body is read. */
    @WithDefault("500")
    int insertBatchSize();

    /** Most records one request may carry; the HTTP body limit (64M by default) applies as well. */
    @WithDefault("200000")
    int maxRecords();

    /** Longest access token accepted. */
    @WithDefault("2048")
    int maxTokenLength();

    /** Violations listed in one 400 answer; the rest are counted. */
    @WithDefault("100")
    int maxViolationsListed();

    /** How long a claimed record stays reserved for the instance that claimed it; then anyone may take it. */
    @WithDefault("10m")
    Duration lease();

    /** How often pending work is looked for (start-up, records another instance left behind). */
    @WithDefault("30s")
    String resumeEvery();

    /** Failures shown inline in {@code GET /api/v1/migrations/{id}}; all of them are at {@code .../failures}. */
    @WithDefault("100")
    int failuresShown();

    Retry retry();

    interface Retry {

        /** Tries per record for transient errors (Finch 5xx, timeouts, unreachable, database hiccups). */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /** Pause for every worker after a 429 that carried no Retry-After. */
        @WithDefault("5s")
        Duration rateLimitPause();

        /** Pause for every worker while Finch's circuit breaker is open (Finch down): waiting, not failing. */
        @WithDefault("10s")
        Duration outagePause();

        /** Claims of one record (instance crashes while it was being processed) before it is given up as failed. */
        @WithDefault("5")
        int maxClaims();
    }
}
