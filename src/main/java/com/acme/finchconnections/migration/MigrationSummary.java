package com.acme.finchconnections.migration;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code GET /api/v1/migrations}. */
public record MigrationSummary(UUID migrationId, String kind, String status, int total, int migrated, int failed,
        String createdBy, Instant createdAt, Instant completedAt) {

    static MigrationSummary from(Migration migration) {
        return new MigrationSummary(migration.migrationId, migration.kind, migration.status, migration.total,
                migration.migrated, migration.failed, migration.createdBy, migration.createdAt,
                migration.completedAt);
    }
}
