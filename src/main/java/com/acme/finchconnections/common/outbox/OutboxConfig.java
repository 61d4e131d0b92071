package com.acme.finchconnections.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay (see docs/webhook-processing.md). */
@ConfigMapping(prefix = "outbox.relay")
public interface OutboxConfig {

    /** Messages published per transaction. */
    @WithDefault("100")
    int batchSize();

    /** The safety-net period; a commit that enqueued messages triggers the relay at once anyway. */
    @WithDefault("1s")
    Duration every();
}
