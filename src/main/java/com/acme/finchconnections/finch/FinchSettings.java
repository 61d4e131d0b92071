package com.acme.finchconnections.finch;

import java.time.Duration;

/** {@link FinchConfig} as plain values, so a test can build a {@link FinchApi} with its own limits. */
record FinchSettings(
        String baseUrl,
        String clientId,
        String clientSecret,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration deadline,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        int failureThreshold,
        Duration openDuration) {

    static FinchSettings from(FinchConfig config) {
        return new FinchSettings(config.baseUrl(), config.clientId().orElse(null), config.clientSecret().orElse(null),
                config.connectTimeout(), config.requestTimeout(), config.deadline(),
                config.retry().maxRetries(), config.retry().initialBackoff(), config.retry().maxBackoff(),
                config.circuitBreaker().failureThreshold(), config.circuitBreaker().openDuration());
    }

    FinchSettings withDeadline(Duration newDeadline) {
        return new FinchSettings(baseUrl, clientId, clientSecret, connectTimeout, requestTimeout, newDeadline,
                maxRetries, initialBackoff, maxBackoff, failureThreshold, openDuration);
    }

    @Override
    public String toString() {
        return "FinchSettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=***, connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", deadline=" + deadline + ", maxRetries="
                + maxRetries + "]";
    }
}
