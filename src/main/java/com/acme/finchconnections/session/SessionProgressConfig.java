package com.acme.finchconnections.session;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Session progress: relayed Connect events and the expiry of sessions nobody finished. */
@ConfigMapping(prefix = "session-progress")
public interface SessionProgressConfig {

    /** How far ahead of the service's clock an event's occurred_at may be (front-end clock skew). */
    @WithDefault("5m")
    Duration maxFutureSkew();

    Expiry expiry();

    interface Expiry {
        /** How often sessions past their expires_at are marked expired ("off" disables). */
        @WithDefault("1m")
        String every();

        /** Sessions expired per transaction; the job loops over batches until none is left. */
        @WithDefault("500")
        int batchSize();
    }
}
