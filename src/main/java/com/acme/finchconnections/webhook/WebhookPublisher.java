package com.acme.finchconnections.webhook;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes accepted webhooks on {@code finch.webhooks.v1} (channel {@value #CHANNEL}; producer settings in
 * application.properties: idempotent, {@code acks=all}). The value is the envelope's JSON, already written
 * ({@link WebhookEnvelopeWriter}), so the producer only copies bytes. The returned {@link Uni} completes only once
 * the broker acknowledged the record, or fails when it did not within the publish timeout: the caller answers
 * Finch from that, never before.
 */
@ApplicationScoped
public class WebhookPublisher {

    public static final String CHANNEL = "finch-webhooks-out";

    private final MutinyEmitter<byte[]> emitter;
    private final Duration timeout;

    /**
     * The emitter holds up to 1024 events waiting for the connector beyond the ones in flight; past that it
     * refuses at once (the caller answers 503) instead of queueing without bound while the broker is away.
     */
    public WebhookPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) MutinyEmitter<byte[]> emitter,
            WebhookConfig config) {
        this.emitter = emitter;
        this.timeout = config.publishTimeout();
    }

    public Uni<Void> publish(String key, byte[] value) {
        Message<byte[]> message = Message.of(value, Metadata.of(
                OutgoingKafkaRecordMetadata.<String> builder().withKey(key).build()));
        return emitter.sendMessage(message)
                .ifNoItem().after(timeout).fail();
    }
}
