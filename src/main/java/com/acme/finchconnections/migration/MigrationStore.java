package com.acme.finchconnections.migration;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.crypto.SealedToken;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The migration's set-based SQL: bulk intake inside the caller's transaction, and claiming pending records with a
 * lease ({@code for update skip locked}) so several instances share a run without taking the same record at once.
 * Per-record outcomes go through {@link MigrationRecorder}, in the same transaction as the connection they touch.
 */
@ApplicationScoped
class MigrationStore {

    private final Pool pool;

    MigrationStore(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insertMigration(SqlConnection connection, UUID migrationId, String kind, String createdBy, Instant now) {
        return connection.preparedQuery("""
                insert into migration (migration_id, kind, status, total, migrated, failed, created_by, created_at,
                                       updated_at)
                values ($1, $2, 'running', 0, 0, 0, $3, $4, $4)""")
                .execute(Tuple.of(migrationId, kind, createdBy, utc(now)))
                .replaceWithVoid();
    }

    /** One multi-row insert for a whole batch (arrays unnested by PostgreSQL): one round trip per batch. */
    Uni<Integer> insertRecords(SqlConnection connection, UUID migrationId, List<SealedRecord> batch, Instant now) {
        int size = batch.size();
        Integer[] indexes = new Integer[size];
        String[] keyIds = new String[size];
        Buffer[] ciphertexts = new Buffer[size];
        String[] accountIds = new String[size];
        String[] companyIds = new String[size];
        String[] customerIds = new String[size];
        String[] customerNames = new String[size];
        for (int i = 0; i < size; i++) {
            SealedRecord record = batch.get(i);
            indexes[i] = record.index();
            keyIds[i] = record.token().keyId();
            ciphertexts[i] = Buffer.buffer(record.token().ciphertext());
            accountIds[i] = record.accountId();
            companyIds[i] = record.companyId();
            customerIds[i] = record.customerId();
            customerNames[i] = record.customerName();
        }
        return connection.preparedQuery("""
                insert into migration_record (migration_id, record_index, key_id, ciphertext, account_id, company_id,
                                              customer_id, customer_name, state, updated_at)
                select $1, r.record_index, r.key_id, r.ciphertext, r.account_id, r.company_id, r.customer_id,
                       r.customer_name, 'pending', $2
                from unnest($3::int[], $4::text[], $5::bytea[], $6::text[], $7::text[], $8::text[], $9::text[])
                     as r (record_index, key_id, ciphertext, account_id, company_id, customer_id, customer_name)""")
                .execute(Tuple.tuple(List.of(migrationId, utc(now), indexes, keyIds, ciphertexts, accountIds,
                        companyIds, customerIds, customerNames)))
                .map(rows -> rows.rowCount());
    }

    /**
     * A re-check: one record per unrevoked stored token, copied (still sealed) by PostgreSQL itself, so no token
     * passes through the service and none is held in memory.
     */
    Uni<Integer> insertStoredTokens(SqlConnection connection, UUID migrationId, Instant now) {
        return connection.preparedQuery("""
                insert into migration_record (migration_id, record_index, key_id, ciphertext, account_id, company_id,
                                              customer_id, customer_name, state, updated_at)
                select $1, (row_number() over (order by t.created_at, t.token_id) - 1)::int, t.key_id, t.ciphertext,
                       c.account_id, c.company_id, c.customer_id, c.customer_name, 'pending', $2
                from access_token t join connection c on c.connection_id = t.connection_id
                where t.revoked_at is null""")
                .execute(Tuple.of(migrationId, utc(now)))
                .map(rows -> rows.rowCount());
    }

    /** Sets the total once every record is in; a run with nothing to do is complete at once. */
    Uni<Void> finishIntake(SqlConnection connection, UUID migrationId, int total, Instant now) {
        return connection.preparedQuery("""
                update migration set total = $2::int, updated_at = $3::timestamptz,
                       status = case when $2::int = 0 then 'completed' else status end,
                       completed_at = case when $2::int = 0 then $3::timestamptz end
                where migration_id = $1""")
                .execute(Tuple.of(migrationId, total, utc(now)))
                .replaceWithVoid();
    }

    /**
     * Leases up to {@code limit} pending records, oldest running migration first. A record leased by a live holder
     * is skipped; one whose lease ran out (its holder stopped) is taken over.
     */
    Uni<List<ClaimedRecord>> claim(int limit, String owner, Instant now, Instant leaseUntil) {
        return pool.preparedQuery(
                "select migration_id, kind from migration where status = 'running' order by created_at, migration_id")
                .execute()
                .map(rows -> {
                    List<RunningMigration> running = new ArrayList<>();
                    rows.forEach(row -> running.add(new RunningMigration(row.getUUID("migration_id"),
                            row.getString("kind"))));
                    return running;
                })
                .chain(running -> claimFrom(running, 0, limit, owner, now, leaseUntil));
    }

    private record RunningMigration(UUID migrationId, String kind) {
    }

    private Uni<List<ClaimedRecord>> claimFrom(List<RunningMigration> running, int position, int limit, String owner,
            Instant now, Instant leaseUntil) {
        if (position >= running.size()) {
            return Uni.createFrom().item(List.of());
        }
        return claimIn(running.get(position), limit, owner, now, leaseUntil)
                .chain(claimed -> claimed.isEmpty()
                        ? claimFrom(running, position + 1, limit, owner, now, leaseUntil)
                        : Uni.createFrom().item(claimed));
    }

    private Uni<List<ClaimedRecord>> claimIn(RunningMigration migration, int limit, String owner, Instant now,
            Instant leaseUntil) {
        return pool.preparedQuery("""
                update migration_record r set lease_until = $4, lease_owner = $5, attempts = r.attempts + 1
                where (r.migration_id, r.record_index) in (
                    select migration_id, record_index from migration_record
                    where migration_id = $1 and state = 'pending' and (lease_until is null or lease_until < $3)
                    order by record_index
                    limit $2
                    for update skip locked)
                returning r.migration_id, r.record_index, r.key_id, r.ciphertext, r.account_id, r.company_id,
                          r.customer_id, r.customer_name, r.attempts""")
                .execute(Tuple.of(migration.migrationId(), limit, utc(now), utc(leaseUntil), owner))
                .map(rows -> {
                    List<ClaimedRecord> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(claimed(row, migration.kind())));
                    claimed.sort(Comparator.comparingInt(ClaimedRecord::index));
                    return claimed;
                });
    }

    /** Completes the run once no record is pending. Safe to call any time, from any instance. */
    Uni<Void> completeIfDone(UUID migrationId, Instant now) {
        return pool.preparedQuery("""
                update migration set status = 'completed', completed_at = $2, updated_at = $2
                where migration_id = $1 and status = 'running'
                  and not exists (select 1 from migration_record where migration_id = $1 and state = 'pending')""")
                .execute(Tuple.of(migrationId, utc(now)))
                .replaceWithVoid();
    }

    /** Every running migration with nothing pending: catches a holder that stopped right after its last record. */
    Uni<Void> completeAllDone(Instant now) {
        return pool.preparedQuery("""
                update migration m set status = 'completed', completed_at = $1, updated_at = $1
                where m.status = 'running'
                  and not exists (select 1 from migration_record r
                                  where r.migration_id = m.migration_id and r.state = 'pending')""")
                .execute(Tuple.of(utc(now)))
                .replaceWithVoid();
    }

    /** The run itself cannot go on (its records can't be opened): stop it; records not tried stay pending. */
    Uni<Void> abort(UUID migrationId, String error, Instant now) {
        return pool.preparedQuery("""
                update migration set status = 'failed', error = $2, completed_at = $3, updated_at = $3
                where migration_id = $1 and status = 'running'""")
                .execute(Tuple.of(migrationId, error, utc(now)))
                .replaceWithVoid();
    }

    /** Hands this instance's leases back (orderly shutdown), so a restart resumes at once instead of after the lease. */
    Uni<Integer> releaseLeases(String owner) {
        return pool.preparedQuery("""
                update migration_record set lease_until = null, lease_owner = null
                where lease_owner = $1 and state = 'pending'""")
                .execute(Tuple.of(owner))
                .map(rows -> rows.rowCount());
    }

    private static ClaimedRecord claimed(Row row, String kind) {
        io.vertx.mutiny.core.buffer.Buffer ciphertext = row.getBuffer("ciphertext");
        return new ClaimedRecord(row.getUUID("migration_id"), kind, row.getInteger("record_index"),
                new SealedToken(row.getString("key_id"), ciphertext == null ? null : ciphertext.getBytes()),
                row.getString("account_id"), row.getString("company_id"), row.getString("customer_id"),
                row.getString("customer_name"), row.getInteger("attempts"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
