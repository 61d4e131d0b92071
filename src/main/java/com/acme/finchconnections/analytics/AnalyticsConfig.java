package com.acme.finchconnections.analytics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The authentication funnel and billing counts. */
@ConfigMapping(prefix = "analytics")
public interface AnalyticsConfig {

    Funnel funnel();

    interface Funnel {
        /** The window ending now when a caller gives no {@code from}. */
        @WithDefault("30d")
        Duration defaultWindow();

        /** How many error messages {@code top_errors} lists. */
        @WithDefault("10")
        int topErrors();
    }
}
