package com.acme.finchconnections.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Receiving Finch's webhooks: {@code finch.webhook.*}. */
@ConfigMapping(prefix = "finch.webhook")
public interface WebhookConfig {

    /**
     * Signing secrets as Finch's dashboard shows them (standard base64, a {@code whsec_} prefix is tolerated),
     * comma-separated: a signature made with any of them is accepted, so a new secret can be added before the
     * old one is removed. Secret (env {@code FINCH_WEBHOOK_SECRETS}).
     */
    Optional<List<String>> secrets();

    /** How far Finch's {@code finch-timestamp} may be from our clock, either way (Finch's SDKs: 300 s). */
    @WithDefault("300s")
    Duration timestampTolerance();

    /** Largest body this route accepts; larger ones are refused with 413 before they are read into memory. */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /** How long the broker may take to acknowledge an event before Finch is told 503 (and retries). */
    @WithDefault("5s")
    Duration publishTimeout();

    /** The {@code Retry-After} sent with that 503. */
    @WithDefault("5s")
    Duration retryAfter();
}
