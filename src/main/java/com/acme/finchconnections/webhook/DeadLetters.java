package com.acme.finchconnections.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes events that can never be applied to {@code finch.webhooks.v1.dlq}, unchanged (the record's own
 * bytes), with why in the headers (the names SmallRye's own dead-letter queue uses, plus {@code finch-event-id}).
 * Completes only when the broker acknowledged, so a poison event's offset is committed only once it is safely
 * parked there.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";
    public static final String EVENT_ID = "finch-event-id";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel("finch-webhooks-dlq") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(List<ReceivedWebhook> poison) {
        if (poison.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Subscribed in order, so they reach the dead-letter topic in offset order.
        return Uni.join().all(poison.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publish(ReceivedWebhook record) {
        LOG.warnf("Webhook record %s-%d@%d (event %s) goes to the dead-letter topic: %s", record.topic(),
                record.partition(), record.offset(), record.eventId(), record.failure());
        RecordHeaders headers = new RecordHeaders();
        header(headers, REASON, record.failure());
        header(headers, ORIGINAL_TOPIC, record.topic());
        header(headers, ORIGINAL_PARTITION, String.valueOf(record.partition()));
        header(headers, ORIGINAL_OFFSET, String.valueOf(record.offset()));
        header(headers, EVENT_ID, record.eventId());
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
