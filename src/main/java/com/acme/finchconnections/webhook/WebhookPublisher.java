package com.acme.finchconnections.webhook;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;

/**
 * Publishes accepted webhooks on {@code finch.webhooks.v1} (channel {@value #CHANNEL}; producer settings in
 * application.properties: idempotent, {@code acks=all}). The value is the envelope's JSON, already written
 * ({@link WebhookEnvelopeWriter}), so the producer only copies bytes. The returned {@link Uni} completes only once
 * the broker acknowledged the record, or fails when it did not within the publish timeout: the caller answers
 * Finch from that, never before.
 * <p>
 * Records go to the channel's own producer ({@link KafkaClientService}), not through an emitter: a webhook is one
 * record with a key, and the Message, its metadata, the emitter's stream and the sink's conversion back to a
 * {@link ProducerRecord} were a tenth of the ingest path's CPU. The connector still creates, configures, checks
 * (readiness) and closes that producer, and its {@code send} still runs on the connector's sending thread, because
 * Kafka's {@code send} may block (metadata, full buffer) and must not run on an event loop. Even guarded against
 * both, a send on the event loop held it for 20-53 ms at times under load, most likely waiting for locks it shares
 * with Kafka's I/O thread (BENCHMARKS.md, tenth session).
 */
@ApplicationScoped
public class WebhookPublisher {

    public static final String CHANNEL = "finch-webhooks-out";

    /**
     * Records the producer may hold at once (sent, neither acknowledged nor failed). Far above what a healthy broker
     * leaves pending; while the broker is away, deliveries past it are refused at once (503) instead of queueing
     * without bound behind the producer's own timeouts.
     */
    static final int MAX_PENDING = 2048;

    private final KafkaClientService kafka;
    private final String topic;
    private final Duration timeout;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile KafkaProducer<String, byte[]> producer;

    /**
     * @param channel declares the outgoing channel, so that the connector creates its producer; nothing is sent
     *        through it
     */
    public WebhookPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> channel, KafkaClientService kafka,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic, WebhookConfig config) {
        this.kafka = kafka;
        this.topic = topic;
        this.timeout = config.publishTimeout();
    }

    public Uni<Void> publish(String key, byte[] value) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return Uni.createFrom().failure(new BacklogFull());
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        // Subscribed on its own, not as part of the returned Uni: a caller that gives up (the timeout below) must
        // not make the record look settled while the producer still holds it.
        return Uni.createFrom().<Void> emitter(acknowledged -> producer().send(record).subscribe().with(
                metadata -> {
                    pending.decrementAndGet();
                    acknowledged.complete(null);
                },
                failure -> {
                    pending.decrementAndGet();
                    acknowledged.fail(failure);
                }))
                .ifNoItem().after(timeout).fail();
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            current = kafka.getProducer(CHANNEL);
            producer = current;
        }
        return current;
    }

    /** More records pending than {@link #MAX_PENDING}: the broker is not keeping up or is away. */
    static final class BacklogFull extends RuntimeException {
        BacklogFull() {
            super(MAX_PENDING + " records already wait for the broker", null, false, false);
        }
    }
}
