package com.acme.finchconnections.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.Background;
import com.acme.finchconnections.common.outbox.OutboxRelay;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.connection.ConnectionRegistered;
import com.acme.finchconnections.job.FinchJobs;
import com.acme.finchconnections.job.JobFacts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Events that arrived before their connection existed (webhook before code exchange or migration) wait in the
 * inbox as {@code parked}. As soon as the connection is registered they are applied by the same rule as live
 * events, oldest Finch time first; a periodic sweep is the safety net for a missed registration.
 */
@ApplicationScoped
public class ParkedWebhooks {

    private static final Logger LOG = Logger.getLogger(ParkedWebhooks.class);

    /** Parked events of a connection, by its id or (sent with only account_id) through its account ids. */
    private static final String PARKED_FOR_CONNECTION = """
            select * from webhook_inbox w
            where w.state = 'parked'
              and (w.connection_id = :connection
                   or (w.connection_id is null and w.account_id in (
                         select account_id from connection where connection_id = :connection and account_id is not null
                         union
                         select account_id from connection_legacy_id where connection_id = :connection)))
            order by w.finch_timestamp, w.received_at, w.kafka_partition, w.kafka_offset, w.event_id
            limit :limit""";

    private static final String CONNECTIONS_WITH_PARKED_EVENTS = """
            select c.connection_id from webhook_inbox w join connection c on c.connection_id = w.connection_id
            where w.state = 'parked'
            union
            select c.connection_id from webhook_inbox w
              join connection c on c.account_id = w.account_id
            where w.state = 'parked' and w.connection_id is null
            union
            select l.connection_id from webhook_inbox w
              join connection_legacy_id l on l.account_id = w.account_id
            where w.state = 'parked' and w.connection_id is null
            limit :limit""";

    private final WebhookEffects effects;
    private final FinchJobs finchJobs;
    private final OutboxRelay relay;
    private final Background background;
    private final WebhookProcessingConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public ParkedWebhooks(WebhookEffects effects, FinchJobs finchJobs, OutboxRelay relay, Background background,
            WebhookProcessingConfig config, ObjectMapper json, Clock clock) {
        this.effects = effects;
        this.finchJobs = finchJobs;
        this.relay = relay;
        this.background = background;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Fired ({@code Event.fire}) after the transaction that created the connection committed (exchange,
     * migration). Only starts the work: the one who fired it must not wait for it.
     */
    void onRegistered(@Observes ConnectionRegistered registered) {
        applySoon(registered.connectionId());
    }

    public void applySoon(String connectionId) {
        background.run("applying parked webhook events of connection " + connectionId,
                () -> applyParked(connectionId));
    }

    /** For events parked just now: their connection may have been registered while the batch ran. */
    public void applySoonIfKnown(String connectionId) {
        background.run("checking parked webhook events of connection " + connectionId,
                () -> Panache.withSession(() -> Connection.count("connectionId", connectionId))
                        .chain(count -> count > 0 ? applyParked(connectionId) : Uni.createFrom().item(0)));
    }

    @Scheduled(every = "${webhooks.processing.parked-sweep-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        if (sweeping.compareAndSet(false, true)) {
            background.run("sweeping parked webhook events",
                    () -> sweepOnce().eventually(() -> sweeping.set(false)));
        }
    }

    /** Applies the parked events of connections that exist by now; returns how many events were applied. */
    public Uni<Integer> sweepOnce() {
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CONNECTIONS_WITH_PARKED_EVENTS, String.class)
                        .setParameter("limit", config.parkedSweepConnections())
                        .getResultList()))
                .chain(connectionIds -> Multi.createFrom().iterable(connectionIds)
                        .onItem().transformToUniAndConcatenate(this::applyParked)
                        .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue)));
    }

    /** Applies the connection's parked events, oldest Finch time first, batch after batch; returns how many. */
    public Uni<Integer> applyParked(String connectionId) {
        return Panache.withSession(() -> parkedEvents(connectionId))
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : applyBatch(connectionId, rows))
                .chain(applied -> applied >= config.parkedBatchSize()
                        ? applyParked(connectionId).map(more -> applied + more)
                        : Uni.createFrom().item(applied));
    }

    private Uni<Integer> applyBatch(String connectionId, List<WebhookInbox> unlocked) {
        return prefetchJobFacts(connectionId, unlocked)
                .chain(facts -> Panache.withTransaction(() -> Connection.<Connection>find("connectionId", connectionId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                        // Read again under the lock: another applier may have taken them meanwhile.
                        .chain(connection -> connection == null
                                ? Uni.createFrom().item(0)
                                : parkedEvents(connectionId).chain(rows -> applyAll(connection, rows, facts)))))
                .invoke(applied -> {
                    if (applied > 0) {
                        LOG.infof("Applied %d parked webhook events of connection %s", applied, connectionId);
                        relay.trigger();
                    }
                });
    }

    private Uni<Integer> applyAll(Connection connection, List<WebhookInbox> rows, Map<String, JobFacts> facts) {
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> effects
                        .apply(event(row, connection.connectionId), connection,
                                facts.getOrDefault(row.eventId, JobFacts.none()))
                        .invoke(applied -> {
                            row.connectionId = connection.connectionId;
                            row.state = WebhookInbox.APPLIED;
                            row.outcome = applied.outcome();
                            row.processedAt = Instant.now(clock);
                        }))
                .collect().asList()
                .call(effects::storeAll)
                .map(List::size);
    }

    private Uni<Map<String, JobFacts>> prefetchJobFacts(String connectionId, List<WebhookInbox> rows) {
        return Multi.createFrom().iterable(rows)
                .select().where(row -> WebhookEventKind.of(row.eventType) == WebhookEventKind.JOB)
                .onItem().transformToUniAndConcatenate(row -> finchJobs
                        .fetch(connectionId, event(row, connectionId).dataText("job_id"), config.finchTimeout())
                        .map(facts -> Map.entry(row.eventId, facts)))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Uni<List<WebhookInbox>> parkedEvents(String connectionId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(PARKED_FOR_CONNECTION, WebhookInbox.class)
                        .setParameter("connection", connectionId)
                        .setParameter("limit", config.parkedBatchSize())
                        .getResultList());
    }

    private WebhookEvent event(WebhookInbox row, String connectionId) {
        JsonNode data;
        try {
            JsonNode body = json.readTree(row.payload);
            data = body == null ? null : body.get("data");
        } catch (JsonProcessingException e) {
            // Checked when it was parked; cannot happen unless the row was edited by hand.
            data = null;
        }
        return WebhookEvent.fromInbox(row, data).withConnectionId(connectionId);
    }
}
