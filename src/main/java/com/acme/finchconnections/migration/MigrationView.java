package com.acme.finchconnections.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A migration's progress and result. {@code failures} lists the first failed records (by index, at most
 * {@code migration.failures-shown}); {@code failures_truncated} says whether more exist, all of them at
 * {@code GET /api/v1/migrations/{id}/failures}.
 */
public record MigrationView(UUID migrationId, String kind, String status, int total, int migrated, int failed,
        int pending, String error, List<MigrationFailureView> failures, boolean failuresTruncated, String createdBy,
        Instant createdAt, Instant updatedAt, Instant completedAt) {

    static MigrationView from(Migration migration, List<MigrationFailureView> failures, boolean truncated) {
        return new MigrationView(migration.migrationId, migration.kind, migration.status, migration.total,
                migration.migrated, migration.failed,
                Math.max(0, migration.total - migration.migrated - migration.failed), migration.error, failures,
                truncated, migration.createdBy, migration.createdAt, migration.updatedAt, migration.completedAt);
    }
}
