package com.acme.finchconnections.job;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One of Finch's automated jobs (data_sync_all, initial syncs, benefit jobs…) as last seen from Finch.
 * Status is Finch's: pending | in_progress | complete | error | reauth_error | permissions_error, or
 * {@link #UNKNOWN} while a job event arrived but Finch could not be asked yet.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    public static final String UNKNOWN = "unknown";

    @Id
    public String jobId;
    public String connectionId;
    public String type;
    public String status;
    public Instant createdAt;
    public Instant scheduledAt;
    public Instant startedAt;
    public Instant completedAt;
    public Instant updatedAt;
}
