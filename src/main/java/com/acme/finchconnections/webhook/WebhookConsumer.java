package com.acme.finchconnections.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.acme.finchconnections.common.Background;
import com.acme.finchconnections.common.outbox.OutboxRelay;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code finch.webhooks.v1} in batches. The returned {@code Uni} completes only after the batch's
 * transactions committed, and only then are its offsets acknowledged (and committed, throttled): a crash before
 * that redelivers the batch, and the inbox makes the redelivery harmless. Batches arrive one at a time, so the
 * events of a connection (of a partition: the key is the connection) are applied in offset order. Within a batch
 * the records are applied in lanes, side by side, each in a transaction of its own on an event loop of its own:
 * one lane per partition, and a large partition's share split by connection into up to
 * {@link WebhookProcessingConfig#lanes()} lanes. Lanes never share a connection, so they need not wait for each
 * other's round trips, and each keeps its records in offset order.
 */
@ApplicationScoped
public class WebhookConsumer {

    private final WebhookProcessor processor;
    private final ProcessingRetry retry;
    private final ParkedWebhooks parked;
    private final OutboxRelay relay;
    private final Background background;
    private final WebhookProcessingConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookConsumer(WebhookProcessor processor, ProcessingRetry retry, ParkedWebhooks parked,
            OutboxRelay relay, Background background, WebhookProcessingConfig config, ObjectMapper json,
            Clock clock) {
        this.processor = processor;
        this.retry = retry;
        this.parked = parked;
        this.relay = relay;
        this.background = background;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("finch-webhooks-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Instant now = Instant.now(clock);
        Map<Integer, List<ReceivedWebhook>> byPartition = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byPartition.computeIfAbsent(record.partition(), partition -> new ArrayList<>())
                    .add(ReceivedWebhook.parse(record, json, now));
        }
        List<List<ReceivedWebhook>> lanes = new ArrayList<>();
        byPartition.values().forEach(partition -> lanes.addAll(byConnection(partition)));
        if (lanes.size() == 1) {
            return apply(lanes.get(0));
        }
        // Every lane's work ends (committed, or given up as dead letters) before the batch is acknowledged.
        return Uni.join().all(lanes.stream()
                        .map(lane -> background.<Void>onOwnContext(() -> apply(lane)))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    /**
     * A partition's records split by connection into lanes, each in offset order. Only a connection's own events
     * must apply in order, and they always share a lane. A record that names no connection_id but would apply
     * (its connection is found by account_id inside the transaction) could belong with any lane's records: then
     * the partition stays one lane. A record that never applies (poison) goes to its connection's lane too, found by
     * its Kafka key (ingestion keys by connection) when it could not be read: a connection's dead letters then reach
     * the dead-letter topic in offset order, as they would from one lane. (They used to go to the first lane, and
     * two of one connection could be published side by side, in either order.)
     */
    private List<List<ReceivedWebhook>> byConnection(List<ReceivedWebhook> partition) {
        int count = Math.min(config.lanes(), partition.size() / Math.max(1, config.minRecordsPerLane()));
        if (count <= 1 || partition.stream().anyMatch(record -> !record.poison()
                && record.event().connectionId() == null)) {
            return List.of(partition);
        }
        List<List<ReceivedWebhook>> lanes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lanes.add(new ArrayList<>());
        }
        for (ReceivedWebhook record : partition) {
            String connectionId = record.event() != null && record.event().connectionId() != null
                    ? record.event().connectionId()
                    : record.key();
            lanes.get(connectionId == null ? 0 : Math.floorMod(connectionId.hashCode(), count)).add(record);
        }
        lanes.removeIf(List::isEmpty);
        return lanes;
    }

    private Uni<Void> apply(List<ReceivedWebhook> batch) {
        return retry.untilDone("applying " + batch.size() + " webhook events", () -> processor.process(batch))
                .invoke(result -> {
                    // Status changes just committed: publish them now rather than at the relay's next tick.
                    relay.trigger();
                    // A connection registered while this batch parked its events would otherwise wait for the sweep.
                    result.parkedConnectionIds().forEach(parked::applySoonIfKnown);
                })
                .replaceWithVoid()
                .onFailure(failure -> ProcessingRetry.dataError(failure).isPresent())
                .recoverWithUni(failure -> batch.size() > 1
                        ? oneByOne(batch)
                        : processor.deadLetter(batch.get(0), "the database rejected the event (SQLSTATE "
                                + ProcessingRetry.dataError(failure).orElseThrow() + ")"));
    }

    /** The database rejected something in the batch: apply its records one by one to find which. */
    private Uni<Void> oneByOne(List<ReceivedWebhook> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(record -> apply(List.of(record)))
                .collect().last()
                .replaceWithVoid();
    }
}
