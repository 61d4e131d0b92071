package com.acme.finchconnections.migration;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One migration run: legacy tokens sent by a caller ({@code records}) or every stored token re-checked
 * ({@code recheck}). Counters move in the same transaction as the record they count, so each record counts once.
 */
@Entity
@Table(name = "migration")
public class Migration extends PanacheEntityBase {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public static final String KIND_RECORDS = "records";
    public static final String KIND_RECHECK = "recheck";

    @Id
    public UUID migrationId;
    public String kind;
    public String status;
    public int total;
    public int migrated;
    public int failed;
    /** Why the run aborted (status failed); never a token. */
    public String error;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant completedAt;
}
