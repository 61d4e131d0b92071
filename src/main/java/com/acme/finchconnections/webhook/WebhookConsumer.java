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
 * events of a partition (of a connection) are applied in offset order. Within a batch each partition's events
 * are applied in a transaction of their own, side by side: their connections differ (the key is the connection),
 * so they need not wait for each other's round trips.
 */
@ApplicationScoped
public class WebhookConsumer {

    private final WebhookProcessor processor;
    private final ProcessingRetry retry;
    private final ParkedWebhooks parked;
    private final OutboxRelay relay;
    private final Background background;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookConsumer(WebhookProcessor processor, ProcessingRetry retry, ParkedWebhooks parked,
            OutboxRelay relay, Background background, ObjectMapper json, Clock clock) {
        this.processor = processor;
        this.retry = retry;
        this.parked = parked;
        this.relay = relay;
        this.background = background;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("finch-webhooks-in")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Instant now = Instant.now(clock);
        Map<Integer, List<ReceivedWebhook>> byPartition = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byPartition.computeIfAbsent(record.partition(), partition -> new ArrayList<>())
                    .add(ReceivedWebhook.parse(record, json, now));
        }
        if (byPartition.size() == 1) {
            return apply(byPartition.values().iterator().next());
        }
        // Every partition's work ends (committed, or given up as dead letters) before the batch is acknowledged.
        return Uni.join().all(byPartition.values().stream()
                        .map(partition -> background.<Void>onOwnContext(() -> apply(partition)))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
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
