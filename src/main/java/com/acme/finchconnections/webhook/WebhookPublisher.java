package com.acme.finchconnections.webhook;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes accepted webhooks on {@code finch.webhooks.v1} (channel {@value #CHANNEL}; producer settings in
 * application.properties: idempotent, {@code acks=all}). The returned {@link Uni} completes only once the broker
 * acknowledged the record, or fails when it did not within the publish timeout: the caller answers Finch from
 * that, never before.
 */
@ApplicationScoped
@RegisterForReflection(targets = WebhookEnvelope.class) // serialized by Jackson in the producer, native builds too
public class WebhookPublisher {

    public static final String CHANNEL = "finch-webhooks-out";

    private final MutinyEmitter<WebhookEnvelope> emitter;
    private final Duration timeout;

    /**
     * The emitter holds up to 1024 events waiting for the connector beyond the ones in flight; past that it
     * refuses at once (the caller answers 503) instead of queueing without bound while the broker is away.
     */
    public WebhookPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) MutinyEmitter<WebhookEnvelope> emitter,
            WebhookConfig config) {
        this.emitter = emitter;
        this.timeout = config.publishTimeout();
    }

    public Uni<Void> publish(WebhookEnvelope envelope) {
        Message<WebhookEnvelope> message = Message.of(envelope, Metadata.of(
                OutgoingKafkaRecordMetadata.<String> builder().withKey(envelope.key()).build()));
        return emitter.sendMessage(message)
                .ifNoItem().after(timeout).fail();
    }
}
