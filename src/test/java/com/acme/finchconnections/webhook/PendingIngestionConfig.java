package com.acme.finchconnections.webhook;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.config.ConfigMapping;

/**
 * TEMPORARY, tests only: main configures {@code finch.webhook.secrets} but the mapping that reads it
 * ({@code WebhookConfig}) arrives with the ingestion branch (issue-5-ingest); until then the application cannot
 * start ("does not map to any root"). Delete this file when that branch is merged.
 */
@ConfigMapping(prefix = "finch.webhook")
public interface PendingIngestionConfig {

    Optional<List<String>> secrets();

    /** A mapping outside an extension is registered only where something injects it. */
    @ApplicationScoped
    class Holder {
        final PendingIngestionConfig config;

        Holder(PendingIngestionConfig config) {
            this.config = config;
        }
    }
}
