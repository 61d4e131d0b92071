package com.acme.finchconnections.webhook;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What happens to Finch's deliveries: accepted (the broker has the event), rejected (by reason, nothing
 * published) and publish failures (answered 503, Finch retries). Counters are registered once so the ingest
 * path only increments. A rejection is also logged: the access log leaves webhooks out, so this is its only trace.
 */
@ApplicationScoped
public class WebhookMetrics {

    private static final Logger LOG = Logger.getLogger(WebhookMetrics.class);

    /** Why a delivery was refused; the tag value of {@code finch_webhooks_rejected_total}. */
    public enum Rejection {
        MISSING_HEADERS("missing_headers", 401),
        MALFORMED_TIMESTAMP("malformed_timestamp", 401),
        TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range", 401),
        INVALID_SIGNATURE("invalid_signature", 401),
        NOT_JSON("not_json", 400),
        TOO_LARGE("too_large", 413);

        final String tag;
        final int status;

        Rejection(String tag, int status) {
            this.tag = tag;
            this.status = status;
        }
    }

    private final Counter accepted;
    private final Counter publishFailures;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

    public WebhookMetrics(MeterRegistry registry) {
        this.accepted = Counter.builder("finch.webhooks.accepted")
                .description("Webhooks the broker acknowledged (answered 200)")
                .register(registry);
        this.publishFailures = Counter.builder("finch.webhooks.publish.failures")
                .description("Webhooks the broker did not acknowledge in time (answered 503)")
                .register(registry);
        for (Rejection rejection : Rejection.values()) {
            rejected.put(rejection, Counter.builder("finch.webhooks.rejected")
                    .description("Webhooks refused before publishing (401, 400, 413)")
                    .tag("reason", rejection.tag)
                    .register(registry));
        }
    }

    public void accepted() {
        accepted.increment();
    }

    public void rejected(Rejection rejection) {
        rejected.get(rejection).increment();
        // The reason only: header values are signatures, and the body is the sender's.
        LOG.infof("Refused a Finch webhook (%d %s)", rejection.status, rejection.tag);
    }

    public void publishFailed() {
        publishFailures.increment();
    }
}
