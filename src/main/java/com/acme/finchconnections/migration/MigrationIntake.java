package com.acme.finchconnections.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.crypto.TokenCipher;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Takes a migration in: reads the request body record by record, seals each token and writes the records in
 * multi-row batches, all in one transaction, so a request that fails (bad record, broken JSON, dropped connection)
 * leaves nothing behind. The work itself runs afterwards, in the background ({@link MigrationRunner}).
 */
@ApplicationScoped
class MigrationIntake {

    private final Pool pool;
    private final MigrationStore store;
    private final MigrationRunner runner;
    private final TokenCipher cipher;
    private final ObjectMapper json;
    private final MigrationConfig config;
    private final Clock clock;

    MigrationIntake(Pool pool, MigrationStore store, MigrationRunner runner, TokenCipher cipher, ObjectMapper json,
            MigrationConfig config, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.runner = runner;
        this.cipher = cipher;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /** Blocking reads from {@code body}: call on a worker thread. */
    Uni<MigrationStarted> start(InputStream body, String caller) throws IOException {
        LegacyRecordReader reader = LegacyRecordReader.open(json, body, config);
        UUID migrationId = UUID.randomUUID();
        String kind = reader.recheck() ? Migration.KIND_RECHECK : Migration.KIND_RECORDS;
        Instant now = Instant.now(clock);
        return pool.withTransaction(connection -> store.insertMigration(connection, migrationId, kind, caller, now)
                .chain(() -> reader.recheck()
                        ? store.insertStoredTokens(connection, migrationId, now)
                        : insertRecords(connection, migrationId, reader, now))
                .call(total -> store.finishIntake(connection, migrationId, total, now)))
                .invoke(runner::kick)
                .map(total -> new MigrationStarted(migrationId, kind, total));
    }

    /**
     * Streams the records into the database: the parser is pulled only as fast as batches are written, so at most
     * about two batches of records are in memory, however many the body holds.
     */
    private Uni<Integer> insertRecords(SqlConnection connection, UUID migrationId, LegacyRecordReader reader,
            Instant now) {
        return Multi.createFrom().iterable(() -> reader)
                // Reading the body blocks: pull it on a worker thread, never on the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // After the first violation the request fails anyway: read on to list every violation, write no more.
                .select().where(record -> reader.valid())
                .map(record -> SealedRecord.of(record, cipher.seal(record.accessToken())))
                .group().intoLists().of(config.insertBatchSize())
                .onItem().transformToUniAndConcatenate(batch -> store.insertRecords(connection, migrationId, batch, now))
                .collect().with(Collectors.summingInt(Integer::intValue))
                .invoke(reader::throwIfInvalid)
                .onFailure(UncheckedIOException.class).transform(Throwable::getCause);
    }
}
