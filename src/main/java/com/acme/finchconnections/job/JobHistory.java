package com.acme.finchconnections.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.finch.FinchJob;

import io.smallrye.mutiny.Uni;

/**
 * Writes a connection's job history, last successful sync and next scheduled sync from what Finch said. Every
 * method runs inside the caller's transaction, with the connection row locked by the caller.
 */
@ApplicationScoped
public class JobHistory {

    public static final String COMPLETE = "complete";

    private final Clock clock;

    public JobHistory(Clock clock) {
        this.clock = clock;
    }

    /** The outcome of a job event, for the inbox and the audit trail. */
    public record JobEventOutcome(String jobId, String type, String status, boolean succeeded) {
    }

    /**
     * A job webhook: records the job (Finch's final status when it could be read, else what the event itself
     * says), moves last_successful_sync_at forward on a successful sync, and refreshes next_sync_at.
     *
     * @param eventSaysSucceeded the event type alone says the job succeeded (initial syncs)
     */
    public Uni<JobEventOutcome> applyJobEvent(Connection connection, String jobId, String jobType,
            boolean eventSaysSucceeded, Instant finchTimestamp, JobFacts facts) {
        FinchJob fetched = facts.job() != null && jobId.equals(facts.job().jobId()) ? facts.job() : null;
        FinchJob known = fetched != null
                ? withType(fetched, jobType)
                : new FinchJob(jobId, null, jobType, eventSaysSucceeded ? COMPLETE : Job.UNKNOWN, null, null, null,
                        eventSaysSucceeded ? finchTimestamp : null, null);
        boolean succeeded = eventSaysSucceeded
                || (JobFacts.DATA_SYNC_ALL.equals(known.type()) && COMPLETE.equals(known.status()));
        if (succeeded) {
            moveLastSuccessfulSync(connection, known.completedAt() != null ? known.completedAt() : finchTimestamp);
        }
        List<FinchJob> jobs = new ArrayList<>(facts.recentJobs());
        jobs.removeIf(job -> job.jobId().equals(jobId));
        jobs.add(known);
        return upsert(connection.connectionId, jobs)
                .invoke(() -> applyNextSync(connection, facts))
                .replaceWith(new JobEventOutcome(jobId, known.type(), known.status(), succeeded));
    }

    /** The periodic refresh: Finch's newest jobs and the next scheduled sync, when Finch could be read. */
    public Uni<Void> applyRecentJobs(Connection connection, JobFacts facts) {
        return upsert(connection.connectionId, facts.recentJobs())
                .invoke(() -> applyNextSync(connection, facts))
                .replaceWithVoid();
    }

    /** Records jobs as Finch reports them; a job already known keeps what Finch did not say this time. */
    public Uni<List<Job>> upsert(String connectionId, List<FinchJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = jobs.stream().map(FinchJob::jobId).distinct().toList();
        return Job.<Job>list("jobId in ?1", ids)
                .chain(existing -> {
                    Map<String, Job> byId = existing.stream()
                            .collect(Collectors.toMap(job -> job.jobId, Function.identity()));
                    List<Job> fresh = new ArrayList<>();
                    for (FinchJob reported : jobs) {
                        Job row = byId.get(reported.jobId());
                        if (row == null) {
                            row = new Job();
                            row.jobId = reported.jobId();
                            row.connectionId = connectionId;
                            byId.put(row.jobId, row);
                            fresh.add(row);
                        }
                        merge(row, reported);
                    }
                    return fresh.isEmpty()
                            ? Uni.createFrom().item(List.copyOf(byId.values()))
                            : Job.persist(fresh).replaceWith(List.copyOf(byId.values()));
                });
    }

    private void merge(Job row, FinchJob reported) {
        row.type = firstNonNull(reported.type(), row.type, "unknown");
        // "unknown" only fills a gap: it never hides a status Finch already gave.
        if (!Job.UNKNOWN.equals(reported.status()) || row.status == null) {
            row.status = firstNonNull(reported.status(), row.status, Job.UNKNOWN);
        }
        row.createdAt = firstNonNull(reported.createdAt(), row.createdAt);
        row.scheduledAt = firstNonNull(reported.scheduledAt(), row.scheduledAt);
        row.startedAt = firstNonNull(reported.startedAt(), row.startedAt);
        row.completedAt = firstNonNull(reported.completedAt(), row.completedAt);
        row.updatedAt = Instant.now(clock);
    }

    private void moveLastSuccessfulSync(Connection connection, Instant syncedAt) {
        if (connection.lastSuccessfulSyncAt == null || syncedAt.isAfter(connection.lastSuccessfulSyncAt)) {
            connection.lastSuccessfulSyncAt = syncedAt;
            connection.updatedAt = Instant.now(clock);
        }
    }

    /** Without Finch's list the check is marked due, so the periodic refresh asks again soon. */
    private void applyNextSync(Connection connection, JobFacts facts) {
        if (facts.recent() == null) {
            connection.nextSyncCheckedAt = null;
            return;
        }
        connection.nextSyncAt = facts.nextScheduledSync();
        connection.nextSyncCheckedAt = Instant.now(clock);
    }

    private static FinchJob withType(FinchJob job, String type) {
        return job.type() != null ? job
                : new FinchJob(job.jobId(), job.jobUrl(), type, job.status(), job.createdAt(), job.scheduledAt(),
                        job.startedAt(), job.completedAt(), job.params());
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
