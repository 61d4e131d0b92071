package com.acme.finchconnections.common.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.acme.finchconnections.common.Background;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes committed outbox messages to Kafka in id order, waits for the broker's acknowledgement, then marks
 * them published in the same transaction that selected them. A crash between the two republishes (at least
 * once; consumers dedupe by connection and changed_at); nothing is lost and nothing that did not commit is ever
 * published. One relay at a time across instances (a transaction-scoped advisory lock), so a connection's
 * messages keep their order; rows are also locked with {@code skip locked} for good measure.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Advisory lock key: "outbox" in ASCII, unique among this service's advisory locks. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private final MutinyEmitter<String> emitter;
    private final List<OutboxPreparation> preparations;
    private final Background background;
    private final OutboxConfig config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    public OutboxRelay(@Channel("outbox-relay") MutinyEmitter<String> emitter,
            @Any Instance<OutboxPreparation> preparations, Background background, OutboxConfig config, Clock clock) {
        this.emitter = emitter;
        this.preparations = preparations.stream().toList();
        this.background = background;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Publishes what has committed, soon, without waiting. Calls while a relay runs are folded into one more run,
     * so a burst of commits costs a few relay transactions, not one each.
     */
    public void trigger() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        background.run("outbox relay", () -> drain().eventually(() -> {
            running.set(false);
            if (requested.get()) {
                trigger();
            }
        }));
    }

    /** The safety net: messages committed by a transaction whose trigger was lost (crash, other instance). */
    @Scheduled(every = "${outbox.relay.every:1s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        trigger();
    }

    /** Relays batch after batch until the outbox is empty; returns how many messages were published. */
    public Uni<Integer> drain() {
        return prepare().chain(this::relayBatch).chain(published -> published >= config.batchSize()
                ? drain().map(more -> published + more)
                : Uni.createFrom().item(published));
    }

    private Uni<Void> prepare() {
        return Multi.createFrom().iterable(preparations)
                .onItem().transformToUniAndConcatenate(preparation -> preparation.prepare()
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Preparing outbox messages failed; publishing them as they are: %s",
                                    failure.toString());
                            return null;
                        }))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Integer> relayBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                        .getSingleResult()
                        .chain(locked -> locked ? publishUnpublished(session) : Uni.createFrom().item(0))));
    }

    private Uni<Integer> publishUnpublished(Mutiny.Session session) {
        return session.createNativeQuery("""
                select * from outbox_message where published_at is null
                order by id limit :limit for update skip locked""", OutboxMessage.class)
                .setParameter("limit", config.batchSize())
                .getResultList()
                .chain(messages -> publish(messages)
                        .invoke(() -> {
                            Instant now = Instant.now(clock);
                            messages.forEach(message -> message.publishedAt = now);
                        })
                        .replaceWith(messages.size()));
    }

    private Uni<Void> publish(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Subscribed in id order: the producer keeps that order per partition (idempotent, acks=all).
        return Uni.join().all(messages.stream().map(this::send).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(OutboxMessage message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic)
                .withKey(message.messageKey)
                .build();
        return emitter.sendMessage(Message.of(message.payload.toString()).addMetadata(metadata));
    }
}
