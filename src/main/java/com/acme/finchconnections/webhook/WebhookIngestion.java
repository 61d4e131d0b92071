package com.acme.finchconnections.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.Problems;
import com.acme.finchconnections.webhook.WebhookMetrics.Rejection;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Takes a delivery from Finch to the broker: verify the signature, read the envelope fields, publish, and succeed
 * only once the broker acknowledged. Every refusal happens before anything is published. No database here: this
 * path has to keep up with Finch's bursts.
 */
@ApplicationScoped
public class WebhookIngestion {

    private static final Logger LOG = Logger.getLogger(WebhookIngestion.class);

    private final WebhookSignature signature;
    private final WebhookPublisher publisher;
    private final WebhookMetrics metrics;
    private final JsonFactory json;
    private final Clock clock;
    private final String publishTimeout;
    private final String retryAfterSeconds;

    public WebhookIngestion(WebhookConfig config, WebhookPublisher publisher, WebhookMetrics metrics,
            ObjectMapper objectMapper, Clock clock) {
        this.signature = WebhookSignature.of(config.secrets().orElse(List.of()), config.timestampTolerance(), clock);
        this.publisher = publisher;
        this.metrics = metrics;
        this.json = objectMapper.getFactory();
        this.clock = clock;
        this.publishTimeout = config.publishTimeout().toMillis() + " ms";
        this.retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
        if (!signature.hasSecrets()) {
            LOG.warn("finch.webhook.secrets is empty: every Finch webhook will be refused with 401");
        }
    }

    /** Completes when the event is on the broker; fails with a problem (401, 400 or 503) otherwise. */
    public Uni<Void> accept(WebhookDelivery delivery) {
        return Uni.createFrom().item(() -> record(delivery))
                .chain(this::publish);
    }

    /** The Kafka record for a verified delivery: its key and the envelope's JSON, or a problem. */
    private WebhookRecord record(WebhookDelivery delivery) {
        verify(delivery);
        WebhookBody body;
        try {
            body = WebhookBody.parse(json, delivery.body());
        } catch (WebhookBody.NotJson e) {
            metrics.rejected(Rejection.NOT_JSON);
            throw Problems.badRequest("malformed-webhook", e.getMessage());
        }
        Instant finchTimestamp = Instant.ofEpochSecond(WebhookSignature.timestampSeconds(delivery.timestamp()));
        String key = WebhookEnvelope.key(delivery.eventId(), body.connectionId(), body.accountId());
        byte[] value = WebhookEnvelopeWriter.write(json, delivery.eventId(), body, finchTimestamp, clock.instant());
        return new WebhookRecord(delivery.eventId(), key, value);
    }

    private void verify(WebhookDelivery delivery) {
        WebhookSignature.Verdict verdict = signature.verify(delivery.eventId(), delivery.timestamp(),
                delivery.signature(), delivery.body());
        switch (verdict) {
            case VALID -> {
            }
            case MISSING_HEADERS -> throw unauthenticated(Rejection.MISSING_HEADERS,
                    "Finch-Event-Id, Finch-Timestamp and Finch-Signature are required");
            case MALFORMED_TIMESTAMP -> throw unauthenticated(Rejection.MALFORMED_TIMESTAMP,
                    "Finch-Timestamp is not an integer number of seconds");
            case TIMESTAMP_OUT_OF_RANGE -> throw unauthenticated(Rejection.TIMESTAMP_OUT_OF_RANGE,
                    "Finch-Timestamp is too far from the current time");
            case NO_MATCHING_SIGNATURE -> throw unauthenticated(Rejection.INVALID_SIGNATURE,
                    "No v1 entry of Finch-Signature matches the body");
        }
    }

    private ProblemException unauthenticated(Rejection rejection, String detail) {
        metrics.rejected(rejection);
        return new ProblemException(401, Problems.type("invalid-webhook-signature"), "Unauthorized", detail)
                .with("reason", rejection.tag)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Finch-Signature");
    }

    private Uni<Void> publish(WebhookRecord record) {
        return publisher.publish(record.key(), record.value())
                .invoke(metrics::accepted)
                .onFailure().transform(failure -> notPersisted(record.eventId(), failure));
    }

    /** Finch retries anything but a 2xx, so the event is not lost; a later duplicate is deduplicated downstream. */
    private ProblemException notPersisted(String eventId, Throwable failure) {
        metrics.publishFailed();
        LOG.debugf(failure, "Webhook %s not acknowledged by the broker", eventId);
        // Refused before it was sent (the producer already holds too many records) or sent and not acknowledged.
        String detail = failure instanceof WebhookPublisher.BacklogFull
                ? "The event was not sent: " + WebhookPublisher.MAX_PENDING
                        + " events already wait for the message broker's acknowledgement; retry later"
                : "The event was not acknowledged by the message broker within " + publishTimeout + "; retry later";
        return new ProblemException(503, Problems.type("webhook-not-persisted"), "Service unavailable", detail,
                failure)
                .with("event_id", eventId)
                .withHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
    }

    private record WebhookRecord(String eventId, String key, byte[] value) {
    }
}
