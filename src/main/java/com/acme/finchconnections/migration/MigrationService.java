package com.acme.finchconnections.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.Problems;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** What operators read about migrations: one run with its first failures, the list of runs, all failures of a run. */
@ApplicationScoped
class MigrationService {

    private final MigrationConfig config;

    MigrationService(MigrationConfig config) {
        this.config = config;
    }

    @WithSession
    Uni<MigrationView> get(UUID migrationId) {
        return find(migrationId)
                .chain(migration -> failedRecords(migrationId, -1, config.failuresShown() + 1)
                        .map(records -> MigrationView.from(migration,
                                records.stream().limit(config.failuresShown()).map(MigrationFailureView::from).toList(),
                                records.size() > config.failuresShown())));
    }

    /** Newest first. */
    @WithSession
    Uni<Page<MigrationSummary>> list(PageRequest page) {
        var query = page.first()
                ? Migration.<Migration>find("order by createdAt desc, migrationId desc")
                : Migration.<Migration>find("createdAt < ?1 or (createdAt = ?1 and migrationId < ?2) "
                        + "order by createdAt desc, migrationId desc", afterTime(page), afterId(page));
        return query.page(0, page.fetchSize()).list()
                .map(rows -> Page.of(rows, page.limit(),
                        (Migration last) -> PageRequest.cursor(last.createdAt.toString(), last.migrationId.toString()))
                        .map(MigrationSummary::from));
    }

    /** Every failed record of a run, by index. */
    @WithSession
    Uni<Page<MigrationFailureView>> failures(UUID migrationId, PageRequest page) {
        int after = page.first() ? -1 : afterIndex(page);
        return find(migrationId)
                .chain(migration -> failedRecords(migrationId, after, page.fetchSize()))
                .map(rows -> Page.of(rows, page.limit(),
                        (MigrationRecord last) -> PageRequest.cursor(String.valueOf(last.recordIndex)))
                        .map(MigrationFailureView::from));
    }

    private static Uni<Migration> find(UUID migrationId) {
        return Migration.<Migration>findById(migrationId)
                .onItem().ifNull().failWith(() -> Problems.notFound("Migration", migrationId.toString()));
    }

    private static Uni<List<MigrationRecord>> failedRecords(UUID migrationId, int afterIndex, int count) {
        return MigrationRecord.<MigrationRecord>find(
                "migrationId = ?1 and state = ?2 and recordIndex > ?3 order by recordIndex",
                migrationId, MigrationRecord.FAILED, afterIndex)
                .page(0, count).list();
    }

    private static Instant afterTime(PageRequest page) {
        try {
            return Instant.parse(page.afterPart(0));
        } catch (java.time.format.DateTimeParseException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static UUID afterId(PageRequest page) {
        try {
            return UUID.fromString(page.afterPart(1));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static int afterIndex(PageRequest page) {
        try {
            return Integer.parseInt(page.afterPart(0));
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
