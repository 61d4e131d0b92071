package com.acme.finchconnections.job;

import java.time.Instant;

/** A job as the API shows it. */
public record JobView(String jobId, String type, String status, Instant createdAt, Instant scheduledAt,
        Instant startedAt, Instant completedAt) {

    public static JobView from(Job job) {
        return new JobView(job.jobId, job.type, job.status, job.createdAt, job.scheduledAt, job.startedAt,
                job.completedAt);
    }
}
