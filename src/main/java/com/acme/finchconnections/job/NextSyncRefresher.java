package com.acme.finchconnections.job;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.acme.finchconnections.common.Background;
import com.acme.finchconnections.connection.Connection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps next_sync_at (and the job history) fresh for connections no job event touched lately: each run claims a
 * bounded batch of the connections checked longest ago ({@code skip locked}, so instances share the work) and
 * asks Finch's {@code /jobs/automated} for each, outside any transaction.
 */
@ApplicationScoped
public class NextSyncRefresher {

    private final FinchJobs finchJobs;
    private final JobHistory history;
    private final Background background;
    private final JobsConfig config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    public NextSyncRefresher(FinchJobs finchJobs, JobHistory history, Background background, JobsConfig config,
            Clock clock) {
        this.finchJobs = finchJobs;
        this.history = history;
        this.background = background;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${jobs.next-sync.check-every:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (running.compareAndSet(false, true)) {
            background.run("refreshing next_sync_at", () -> refreshDue().eventually(() -> running.set(false)));
        }
    }

    /** Refreshes one batch of due connections; returns how many were refreshed. */
    public Uni<Integer> refreshDue() {
        return claimDue()
                .chain(connectionIds -> Multi.createFrom().iterable(connectionIds)
                        .onItem().transformToUniAndConcatenate(this::refresh)
                        .collect().asList()
                        .map(List::size));
    }

    /** Asks Finch about one connection's jobs and records what it said. */
    public Uni<Void> refresh(String connectionId) {
        return finchJobs.fetch(connectionId, null, config.nextSync().finchTimeout())
                .chain(facts -> facts.recent() == null
                        ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> Connection.<Connection>find("connectionId", connectionId)
                                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                                .chain(connection -> connection == null
                                        ? Uni.createFrom().voidItem()
                                        : history.applyRecentJobs(connection, facts))));
    }

    /** Marks the batch checked before asking Finch, so a failing Finch is asked again only after max-age. */
    @SuppressWarnings("unchecked")
    private Uni<List<String>> claimDue() {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        select connection_id from connection
                        where status <> 'disconnected'
                          and (next_sync_checked_at is null or next_sync_checked_at < :cutoff)
                        order by next_sync_checked_at nulls first
                        limit :limit
                        for update skip locked""", String.class)
                        .setParameter("cutoff", now.minus(config.nextSync().maxAge()))
                        .setParameter("limit", config.nextSync().batchSize())
                        .getResultList())
                .call(ids -> ids.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Connection.update("nextSyncCheckedAt = ?1, version = version + 1 where connectionId in ?2",
                                now, ids)));
    }
}
