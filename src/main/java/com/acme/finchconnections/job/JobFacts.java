package com.acme.finchconnections.job;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.acme.finchconnections.finch.FinchJob;
import com.acme.finchconnections.finch.JobList;

/**
 * What Finch said about a connection's jobs, read before a transaction (Finch is never called while rows are
 * locked). Either part may be missing when Finch could not be asked; the periodic refresh asks again.
 *
 * @param job    the job a webhook named, as Finch reports it now
 * @param recent Finch's newest jobs for the connection, including the next scheduled data_sync_all
 */
public record JobFacts(FinchJob job, JobList recent) {

    public static final String DATA_SYNC_ALL = "data_sync_all";

    public static JobFacts none() {
        return new JobFacts(null, null);
    }

    public List<FinchJob> recentJobs() {
        return recent == null || recent.data() == null ? List.of() : recent.data().stream().filter(Objects::nonNull)
                .filter(job -> job.jobId() != null).toList();
    }

    /**
     * The next scheduled data_sync_all: Finch lists only the next one of its scheduled syncs, as a job that has a
     * scheduled time and has not started.
     */
    public Instant nextScheduledSync() {
        return recentJobs().stream()
                .filter(job -> DATA_SYNC_ALL.equals(job.type()))
                .filter(job -> job.scheduledAt() != null && job.startedAt() == null && job.completedAt() == null)
                .map(FinchJob::scheduledAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }
}
