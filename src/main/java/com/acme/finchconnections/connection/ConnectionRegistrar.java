package com.acme.finchconnections.connection;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Creates or updates a connection from what Finch reported about it (code exchange, migration), keyed by Finch's
 * {@code connection_id}, and applies the reported status by the "which status wins" rule. Runs inside the
 * caller's transaction, so the connection, its audit row and its outbound status message commit together.
 */
@ApplicationScoped
public class ConnectionRegistrar {

    private final StatusRule statusRule;
    private final Clock clock;

    public ConnectionRegistrar(StatusRule statusRule, Clock clock) {
        this.statusRule = statusRule;
        this.clock = clock;
    }

    /** The connection as stored now, and whether this call created it. */
    public record Registered(Connection connection, boolean created) {
    }

    public Uni<Registered> register(ConnectionFacts facts, StatusObservation observation) {
        // Locked so a webhook being applied to the same connection waits instead of failing this transaction.
        return Connection.<Connection>findById(facts.connectionId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(existing -> existing == null ? insert(facts, observation) : update(existing, facts))
                .call(registered -> rememberLegacyIds(facts))
                .call(registered -> statusRule.apply(registered.connection(), observation));
    }

    private Uni<Registered> insert(ConnectionFacts facts, StatusObservation observation) {
        Instant now = Instant.now(clock);
        Connection connection = new Connection();
        connection.connectionId = facts.connectionId();
        connection.createdAt = now;
        connection.updatedAt = now;
        facts.applyTo(connection);
        // The row can only be inserted with a status, yet its first status is a change from none: insert it, then
        // let StatusRule see "no status yet" so the audit trail and connections.status.v1 record the change.
        connection.status = observation.status();
        connection.statusObservedAt = observation.observedAt();
        connection.statusUpdatedAt = now;
        return connection.<Connection>persistAndFlush()
                .map(inserted -> {
                    inserted.status = null;
                    inserted.statusObservedAt = null;
                    return new Registered(inserted, true);
                });
    }

    private Uni<Registered> update(Connection connection, ConnectionFacts facts) {
        facts.applyTo(connection);
        connection.updatedAt = Instant.now(clock);
        return Uni.createFrom().item(new Registered(connection, false));
    }

    /** Keeps every account_id/company_id pair Finch reported for the connection findable by legacy callers. */
    private Uni<Void> rememberLegacyIds(ConnectionFacts facts) {
        if (!facts.hasLegacyIds()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into connection_legacy_id (connection_id, account_id, company_id, created_at)
                        values (:connectionId, :accountId, :companyId, :now)
                        on conflict do nothing""")
                        .setParameter("connectionId", facts.connectionId())
                        .setParameter("accountId", facts.accountId() == null ? "" : facts.accountId())
                        .setParameter("companyId", facts.companyId() == null ? "" : facts.companyId())
                        .setParameter("now", Instant.now(clock))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
