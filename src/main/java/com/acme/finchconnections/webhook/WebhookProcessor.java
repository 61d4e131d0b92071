package com.acme.finchconnections.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.job.FinchJobs;
import com.acme.finchconnections.job.JobFacts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Applies a batch of webhook records exactly once in effect. In few round trips: one inbox look-up for the whole
 * batch, Finch read for job events before any row is locked, then one transaction that locks the batch's
 * connections (in id order, so instances never deadlock), applies the new events in offset order in memory and
 * writes the changed connections, the audit rows, the status messages and the inbox rows with one statement each.
 * An event already in the inbox is a duplicate and is skipped.
 */
@ApplicationScoped
public class WebhookProcessor {

    private static final Logger LOG = Logger.getLogger(WebhookProcessor.class);

    private final WebhookEffects effects;
    private final DeadLetters deadLetters;
    private final FinchJobs finchJobs;
    private final WebhookProcessingConfig config;
    private final Clock clock;

    public WebhookProcessor(WebhookEffects effects, DeadLetters deadLetters, FinchJobs finchJobs,
            WebhookProcessingConfig config, Clock clock) {
        this.effects = effects;
        this.deadLetters = deadLetters;
        this.finchJobs = finchJobs;
        this.config = config;
        this.clock = clock;
    }

    /** What a committed batch did that someone may want to follow up. */
    public record BatchResult(Set<String> parkedConnectionIds, int applied) {
    }

    /** Completes once the batch's transaction committed (then its offsets may be committed). */
    public Uni<BatchResult> process(List<ReceivedWebhook> batch) {
        List<ReceivedWebhook> unique = firstOfEachEvent(batch);
        // Looked up before the transaction only where a duplicate would cost more than a skipped row: a poison
        // record (published to the dead-letter topic again) and a job event (Finch read again). The transaction
        // checks every event anyway.
        List<ReceivedWebhook> checkFirst = unique.stream()
                .filter(record -> record.poison() || record.event().kind() == WebhookEventKind.JOB).toList();
        return Panache.withSession(() -> knownEventIds(eventIds(checkFirst)))
                .chain(known -> {
                    List<ReceivedWebhook> fresh = unique.stream()
                            .filter(record -> record.eventId() == null || !known.contains(record.eventId()))
                            .toList();
                    List<ReceivedWebhook> poison = fresh.stream().filter(ReceivedWebhook::poison).toList();
                    List<WebhookEvent> events = fresh.stream().filter(record -> !record.poison())
                            .map(ReceivedWebhook::event).toList();
                    return deadLetters.publish(poison)
                            .chain(() -> prefetchJobFacts(events))
                            .chain(facts -> Panache.withTransaction(() -> applyInTransaction(events, poison, facts)));
                });
    }

    /** A record that can never apply: dead-lettered, and marked dead in the inbox when it has an event id. */
    public Uni<Void> deadLetter(ReceivedWebhook record, String reason) {
        ReceivedWebhook dead = new ReceivedWebhook(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), record.event(), reason);
        List<ReceivedWebhook> poison = List.of(dead);
        return deadLetters.publish(poison)
                .chain(() -> Panache.withTransaction(() -> knownEventIds(eventIds(poison))
                        .chain(known -> persistDead(poison, known))))
                // The rejected value may be in the inbox row too: then the dead-letter topic alone keeps it.
                .onFailure(failure -> ProcessingRetry.dataError(failure).isPresent())
                .recoverWithItem(failure -> {
                    LOG.warnf("Event %s is on the dead-letter topic but has no inbox row: %s", record.eventId(),
                            failure.toString());
                    return null;
                });
    }

    private Uni<BatchResult> applyInTransaction(List<WebhookEvent> events, List<ReceivedWebhook> poison,
            Map<String, JobFacts> facts) {
        return resolveByAccountId(events)
                .chain(resolved -> lockConnections(resolved)
                        .chain(locked -> knownEventIds(eventIds(poison, resolved))
                                .chain(known -> applyInOrder(resolved, locked.connections(), known, facts)
                                        .call(done -> store(done, locked))
                                        .call(() -> persistDead(poison, known)))))
                .map(WebhookProcessor::result);
    }

    /** One event's inbox row and, when it was applied to a connection, what applying it left to store. */
    private record Done(WebhookInbox inbox, WebhookEffects.Applied applied) {
    }

    /**
     * The batch's connections, loaded read-only and locked, with the state they had: only those whose state the
     * events changed are written, in one statement.
     */
    private record Locked(Map<String, Connection> connections, Map<String, Connection.EventState> before) {

        static Locked of(List<Connection> connections) {
            Map<String, Connection> byId = new HashMap<>();
            Map<String, Connection.EventState> before = new HashMap<>();
            for (Connection connection : connections) {
                byId.put(connection.connectionId, connection);
                before.put(connection.connectionId, Connection.EventState.of(connection));
            }
            return new Locked(byId, before);
        }

        List<Connection> changed() {
            return connections.values().stream()
                    .filter(connection -> !Connection.EventState.of(connection).equals(before.get(connection.connectionId)))
                    .sorted(Comparator.comparing(connection -> connection.connectionId))
                    .toList();
        }
    }

    private Uni<List<Done>> applyInOrder(List<WebhookEvent> events, Map<String, Connection> connections,
            Set<String> known, Map<String, JobFacts> facts) {
        List<WebhookEvent> fresh = events.stream().filter(event -> !known.contains(event.eventId())).toList();
        return Multi.createFrom().iterable(fresh)
                .onItem().transformToUniAndConcatenate(event -> applyOne(event,
                        event.connectionId() == null ? null : connections.get(event.connectionId()), facts))
                .collect().asList();
    }

    private Uni<Done> applyOne(WebhookEvent event, Connection connection, Map<String, JobFacts> facts) {
        if (connection == null) {
            return Uni.createFrom().item(new Done(event.kind().needsConnection()
                    ? inboxRow(event, WebhookInbox.PARKED, "waiting for connection")
                    : inboxRow(event, WebhookInbox.APPLIED, WebhookEffects.recordedWithoutConnection()), null));
        }
        return effects.apply(event, connection, facts.getOrDefault(event.eventId(), JobFacts.none()))
                .map(applied -> new Done(inboxRow(event, WebhookInbox.APPLIED, applied.outcome()), applied));
    }

    /** The batch's writes: a handful of statements whatever its size (see each method for its one statement). */
    private Uni<Void> store(List<Done> done, Locked locked) {
        List<WebhookEffects.Applied> applied = done.stream().map(Done::applied).filter(Objects::nonNull).toList();
        return Connection.updateAll(locked.changed())
                .chain(() -> effects.storeAll(applied))
                .chain(() -> WebhookInbox.insertAll(done.stream().map(Done::inbox).toList()));
    }

    /** Finch is read before the transaction: no row stays locked while Finch answers (or doesn't). */
    private Uni<Map<String, JobFacts>> prefetchJobFacts(List<WebhookEvent> events) {
        List<WebhookEvent> jobEvents = events.stream()
                .filter(event -> event.kind() == WebhookEventKind.JOB && event.connectionId() != null)
                .toList();
        if (jobEvents.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Duration timeout = config.finchTimeout();
        // One after the other: each reads a token through the same context's database session.
        return Multi.createFrom().iterable(jobEvents)
                .onItem().transformToUniAndConcatenate(event -> finchJobs
                        .fetch(event.connectionId(), event.dataText("job_id"), timeout)
                        .map(facts -> Map.entry(event.eventId(), facts)))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Events that carry only Finch's deprecated account_id find their connection through it (or a legacy id). */
    @SuppressWarnings("unchecked")
    private Uni<List<WebhookEvent>> resolveByAccountId(List<WebhookEvent> events) {
        Set<String> accountIds = events.stream().filter(event -> event.connectionId() == null)
                .map(WebhookEvent::accountId).filter(Objects::nonNull).collect(Collectors.toSet());
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(events);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        select account_id, connection_id from connection where account_id = any(cast(?1 as text[]))
                        union all
                        select account_id, connection_id from connection_legacy_id
                        where account_id = any(cast(?1 as text[]))""", Object[].class)
                        .setParameter(1, accountIds.toArray(String[]::new))
                        .getResultList())
                .map(rows -> {
                    Map<String, String> byAccount = new HashMap<>();
                    for (Object[] row : rows) {
                        byAccount.putIfAbsent((String) row[0], (String) row[1]);
                    }
                    return events.stream()
                            .map(event -> event.connectionId() == null && byAccount.containsKey(event.accountId())
                                    ? event.withConnectionId(byAccount.get(event.accountId()))
                                    : event)
                            .toList();
                });
    }

    /**
     * Locks the batch's connections in id order: other instances and the parked-event applier wait for us. Loaded
     * read-only and then detached, so Hibernate neither snapshots them nor walks them at every auto-flush (before
     * each statement of the batch): {@link #store} writes the changed ones in one statement. The ids are one array
     * parameter, so this is the same statement whatever their number, not one per size of an {@code in} list.
     */
    private static Uni<Locked> lockConnections(List<WebhookEvent> events) {
        List<String> ids = events.stream().map(WebhookEvent::connectionId).filter(Objects::nonNull).distinct()
                .sorted().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Locked.of(List.of()));
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        select * from connection where connection_id = any(cast(?1 as text[]))
                        order by connection_id for update""", Connection.class)
                        .setParameter(1, ids.toArray(String[]::new))
                        .setReadOnly(true)
                        .getResultList()
                        .invoke(connections -> connections.forEach(session::detach)))
                .map(Locked::of);
    }

    /** One statement whatever the number of ids (an array parameter, not an ever-different IN list). */
    static Uni<Set<String>> knownEventIds(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                        "select event_id from webhook_inbox where event_id = any(cast(?1 as text[]))", String.class)
                        .setParameter(1, eventIds.toArray(String[]::new))
                        .getResultList())
                .map(HashSet::new);
    }

    private Uni<Void> persistDead(List<ReceivedWebhook> poison, Set<String> known) {
        Map<String, WebhookInbox> rows = new LinkedHashMap<>();
        for (ReceivedWebhook record : poison) {
            if (record.event() != null && !known.contains(record.eventId())) {
                rows.putIfAbsent(record.eventId(), inboxRow(record.event(), WebhookInbox.DEAD, record.failure()));
            }
        }
        return WebhookInbox.insertAll(List.copyOf(rows.values()));
    }

    private WebhookInbox inboxRow(WebhookEvent event, String state, String outcome) {
        WebhookInbox row = new WebhookInbox();
        row.eventId = event.eventId();
        row.eventType = event.eventType();
        row.connectionId = event.connectionId();
        row.accountId = event.accountId();
        row.companyId = event.companyId();
        row.entityId = event.entityId();
        row.finchTimestamp = event.finchTimestamp();
        row.receivedAt = event.receivedAt();
        row.kafkaPartition = event.kafkaPartition();
        row.kafkaOffset = event.kafkaOffset();
        // Only a parked event is applied from its row later, only a dead one is worth reading again (V8_1).
        row.payload = WebhookInbox.APPLIED.equals(state) ? null : event.payload();
        row.state = state;
        row.outcome = outcome;
        row.processedAt = Instant.now(clock);
        return row;
    }

    private static BatchResult result(List<Done> done) {
        List<WebhookInbox> rows = done.stream().map(Done::inbox).toList();
        Set<String> parked = rows.stream().filter(row -> WebhookInbox.PARKED.equals(row.state))
                .map(row -> row.connectionId).filter(Objects::nonNull).collect(Collectors.toSet());
        int applied = (int) rows.stream().filter(row -> WebhookInbox.APPLIED.equals(row.state)).count();
        return new BatchResult(parked, applied);
    }

    /** Finch and Kafka both redeliver: within a batch the first record of an event id is the one applied. */
    private static List<ReceivedWebhook> firstOfEachEvent(List<ReceivedWebhook> batch) {
        Set<String> seen = new HashSet<>();
        List<ReceivedWebhook> unique = new ArrayList<>(batch.size());
        for (ReceivedWebhook record : batch) {
            if (record.eventId() == null || seen.add(record.eventId())) {
                unique.add(record);
            }
        }
        return unique;
    }

    private static Set<String> eventIds(List<ReceivedWebhook> records) {
        return records.stream().map(ReceivedWebhook::eventId).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> eventIds(List<ReceivedWebhook> poison, List<WebhookEvent> events) {
        Set<String> ids = eventIds(poison);
        events.forEach(event -> ids.add(event.eventId()));
        return ids;
    }
}
