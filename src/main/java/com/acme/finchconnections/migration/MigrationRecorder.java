package com.acme.finchconnections.migration;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.db.AdvisoryLocks;
import com.acme.finchconnections.connection.ConnectionFacts;
import com.acme.finchconnections.connection.ConnectionRegistrar;
import com.acme.finchconnections.connection.ConnectionRegistrar.Registered;
import com.acme.finchconnections.connection.StatusObservation;
import com.acme.finchconnections.connection.TokenVault;
import com.acme.finchconnections.connection.TokenVault.TokenDetails;
import com.acme.finchconnections.finch.AuthenticationMethod;
import com.acme.finchconnections.finch.ConnectionStatus;
import com.acme.finchconnections.finch.Introspection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes a record's outcome. A migrated record commits together with its connection (upserted by connection_id,
 * status by "which status wins"), its token (stored unless already held; nothing revoked) and its run's counter;
 * the counter moves only when the record leaves {@code pending}, so a record processed twice counts once.
 */
@ApplicationScoped
class MigrationRecorder {

    static final String CAUSE = "migration";
    static final String UNKNOWN_STATUS = "unknown";

    private final ConnectionRegistrar registrar;
    private final TokenVault vault;
    private final Clock clock;

    MigrationRecorder(ConnectionRegistrar registrar, TokenVault vault, Clock clock) {
        this.registrar = registrar;
        this.vault = vault;
        this.clock = clock;
    }

    /** What {@code /introspect} said and when it was read (the status's moment in Finch's time). */
    record Reading(Introspection introspection, Instant readAt) {
    }

    Uni<Registered> migrated(ClaimedRecord record, String token, Reading reading) {
        Introspection introspection = reading.introspection();
        if (introspection.connectionId() == null || introspection.connectionId().isBlank()) {
            return Uni.createFrom().failure(new MigrationFailure("no_connection_id",
                    "Finch's /introspect answer has no connection_id"));
        }
        ConnectionFacts facts = withCallerIds(ConnectionFacts.from(introspection), record);
        StatusObservation observation = observation(introspection, reading.readAt());
        // Several legacy records of one connection may be worked on side by side: one at a time, or both would
        // insert the new connection and one would fail on its key.
        return Panache.withTransaction(() -> AdvisoryLocks.lockForTransaction("connection", facts.connectionId())
                .chain(() -> registrar.register(facts, observation))
                .call(registered -> rememberCallerIds(facts, record))
                .call(registered -> vault.store(facts.connectionId(), token, tokenDetails(introspection), false))
                .call(registered -> markMigrated(record, facts.connectionId())));
    }

    Uni<Void> failed(ClaimedRecord record, RecordFailure failure) {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> MigrationRecord.update("""
                state = ?1, errorCode = ?2, error = ?3, finchRequestId = ?4, keyId = null, ciphertext = null,
                leaseUntil = null, leaseOwner = null, updatedAt = ?5
                where migrationId = ?6 and recordIndex = ?7 and state = ?8""",
                MigrationRecord.FAILED, failure.code(), failure.message(), failure.finchRequestId(), now,
                record.migrationId(), record.index(), MigrationRecord.PENDING)
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : Migration.update("failed = failed + 1, updatedAt = ?1 where migrationId = ?2", now,
                                record.migrationId()).replaceWithVoid()));
    }

    private Uni<Void> markMigrated(ClaimedRecord record, String connectionId) {
        Instant now = Instant.now(clock);
        return MigrationRecord.update("""
                state = ?1, connectionId = ?2, errorCode = null, error = null, finchRequestId = null, keyId = null,
                ciphertext = null, leaseUntil = null, leaseOwner = null, updatedAt = ?3
                where migrationId = ?4 and recordIndex = ?5 and state = ?6""",
                MigrationRecord.MIGRATED, connectionId, now, record.migrationId(), record.index(),
                MigrationRecord.PENDING)
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : Migration.update("migrated = migrated + 1, updatedAt = ?1 where migrationId = ?2", now,
                                record.migrationId()).replaceWithVoid());
    }

    /**
     * The ids the caller knows this connection by stay findable even when Finch reports others (several legacy
     * records merged into one connection each keep theirs).
     */
    private Uni<Void> rememberCallerIds(ConnectionFacts facts, ClaimedRecord record) {
        boolean otherAccount = record.accountId() != null && !record.accountId().equals(facts.accountId());
        boolean otherCompany = record.companyId() != null && !record.companyId().equals(facts.companyId());
        if (!otherAccount && !otherCompany) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into connection_legacy_id (connection_id, account_id, company_id, created_at)
                        values (:connectionId, :accountId, :companyId, :now)
                        on conflict do nothing""")
                        .setParameter("connectionId", facts.connectionId())
                        .setParameter("accountId", Objects.requireNonNullElse(record.accountId(), ""))
                        .setParameter("companyId", Objects.requireNonNullElse(record.companyId(), ""))
                        .setParameter("now", Instant.now(clock))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Finch's facts first; what the caller sent fills what Finch left out (legacy connections often lack it). */
    private static ConnectionFacts withCallerIds(ConnectionFacts facts, ClaimedRecord record) {
        return new ConnectionFacts(facts.connectionId(), firstOf(facts.customerId(), record.customerId()),
                firstOf(facts.customerName(), record.customerName()), facts.customerEmail(), facts.providerId(),
                facts.connectionType(), facts.clientType(), facts.manual(), facts.products(),
                facts.authenticationMethods(), facts.lastSuccessfulSync(),
                firstOf(facts.accountId(), record.accountId()), firstOf(facts.companyId(), record.companyId()));
    }

    /**
     * The status as of when /introspect was read; one Finch left out is kept visible as {@code unknown}, as the code
     * exchange does.
     */
    private static StatusObservation observation(Introspection introspection, Instant readAt) {
        ConnectionStatus status = introspection.connectionStatus();
        return StatusObservation.fromIntrospection(
                status == null || status.status() == null ? UNKNOWN_STATUS : status.status(),
                status == null ? null : status.message(), readAt, CAUSE);
    }

    private static TokenDetails tokenDetails(Introspection introspection) {
        List<AuthenticationMethod> methods = introspection.authenticationMethods();
        String authMethod = methods == null || methods.isEmpty() ? null : methods.get(0).type();
        return new TokenDetails(introspection.id(), introspection.providerId(), authMethod, TokenVault.SOURCE_MIGRATION);
    }

    private static String firstOf(String preferred, String fallback) {
        return preferred == null || preferred.isBlank() ? fallback : preferred;
    }
}
