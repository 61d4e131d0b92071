package com.acme.finchconnections.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the consumer of {@code finch.webhooks.v1} applies events (see docs/webhook-processing.md). */
@ConfigMapping(prefix = "webhooks.processing")
public interface WebhookProcessingConfig {

    /** How long a job event may wait for Finch's view of the job; past it the job is recorded as unknown. */
    @WithDefault("10s")
    Duration finchTimeout();

    /** First pause before a batch is tried again after a database failure; doubles up to the maximum. */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    @WithDefault("30s")
    Duration retryMaxBackoff();

    /**
     * Smart re-auth: a connection turning {@code reauth} gets a reauthenticate session at Finch, linked in its
     * status message on {@code connections.status.v1}.
     */
    @WithDefault("true")
    boolean smartReauthentication();

    /**
     * Most transactions one partition's records of a batch are applied in, side by side on different event
     * loops; each takes the records of its own connections, in offset order. 1 applies a partition in one.
     */
    @WithDefault("4")
    int lanes();

    /** Records below which a partition's share of a batch is not split: small batches gain nothing from it. */
    @WithDefault("200")
    int minRecordsPerLane();

    /** Parked events applied per transaction when their connection appears. */
    @WithDefault("200")
    int parkedBatchSize();

    /** Period of the sweep that applies parked events whose connection exists (safety net). */
    @WithDefault("30s")
    Duration parkedSweepEvery();

    /** Connections whose parked events one periodic sweep looks at. */
    @WithDefault("100")
    int parkedSweepConnections();
}
