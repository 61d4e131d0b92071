package com.acme.finchconnections.job;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Job history and next_sync_at (see docs/webhook-processing.md). */
@ConfigMapping(prefix = "jobs")
public interface JobsConfig {

    /** How many of Finch's newest jobs are read to refresh a connection's history and next_sync_at. */
    @WithDefault("20")
    int historySize();

    NextSync nextSync();

    interface NextSync {
        /** A connection's next_sync_at is asked of Finch again once its last check is older than this. */
        @WithDefault("6h")
        Duration maxAge();

        /** Period of the refresh run. */
        @WithDefault("1m")
        Duration checkEvery();

        /** Connections refreshed per periodic run. */
        @WithDefault("20")
        int batchSize();

        /** How long one refresh waits for Finch. */
        @WithDefault("10s")
        Duration finchTimeout();
    }
}
