package com.acme.finchconnections.connection;

import static com.acme.finchconnections.common.db.ColumnArrays.text;
import static com.acme.finchconnections.common.db.ColumnArrays.times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcType;

import com.acme.finchconnections.common.db.JsonColumns;
import com.acme.finchconnections.common.db.JsonValueJdbcType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * A connection to Finch, identified by Finch's stable {@code connection_id}. {@code accountId}/{@code companyId}
 * are Finch's deprecated ids, kept so legacy callers still find the connection.
 */
@Entity
@Table(name = "connection")
public class Connection extends PanacheEntityBase {

    @Id
    public String connectionId;
    public String customerId;
    public String customerName;
    public String customerEmail;
    public String providerId;
    public String connectionType;
    public String clientType;
    public boolean manual;
    @JdbcType(JsonValueJdbcType.class)
    public List<String> products = new ArrayList<>();
    @JdbcType(JsonValueJdbcType.class)
    public List<AuthenticationMethodStatus> authenticationMethods = new ArrayList<>();
    public String status;
    public String statusMessage;
    /** Finch's time of {@link #status}; see {@link StatusRule}. */
    public Instant statusObservedAt;
    public Instant statusUpdatedAt;
    public Instant lastSuccessfulSyncAt;
    public Instant nextSyncAt;
    public Instant nextSyncCheckedAt;
    public String accountId;
    public String companyId;
    public Instant createdAt;
    public Instant updatedAt;
    @Version
    public long version;

    public static Uni<Connection> findByConnectionId(String connectionId) {
        return findById(connectionId);
    }

    public static Uni<Optional<Connection>> findByCustomerId(String customerId) {
        return Connection.<Connection>find("customerId", customerId).firstResult().map(Optional::ofNullable);
    }

    /**
     * The customer's newest connection that still counts as connected to Finch (any status but disconnected): a
     * new Connect session for that customer would be refused by Finch.
     */
    public static Uni<Optional<Connection>> findLiveByCustomerId(String customerId) {
        return Connection.<Connection>find("customerId = ?1 and status <> ?2 order by createdAt desc", customerId,
                ConnectionStatuses.DISCONNECTED).firstResult().map(Optional::ofNullable);
    }

    /**
     * The columns webhook events change (status, authentication methods, syncs), as they are now: a batch compares
     * them before and after to find the connections it has to write ({@link #updateAll}).
     */
    public record EventState(String status, String statusMessage, Instant statusObservedAt, Instant statusUpdatedAt,
            List<AuthenticationMethodStatus> authenticationMethods, Instant lastSuccessfulSyncAt, Instant nextSyncAt,
            Instant nextSyncCheckedAt, Instant updatedAt) {

        public static EventState of(Connection connection) {
            return new EventState(connection.status, connection.statusMessage, connection.statusObservedAt,
                    connection.statusUpdatedAt, List.copyOf(connection.authenticationMethods),
                    connection.lastSuccessfulSyncAt, connection.nextSyncAt, connection.nextSyncCheckedAt,
                    connection.updatedAt);
        }
    }

    /**
     * Writes the {@link EventState} columns of many connections in one statement, for a webhook batch that loaded
     * them read-only (so Hibernate does not flush them one by one as well). The caller holds their row locks; the
     * version moves on, so a concurrent writer holding an older copy fails its optimistic check. Must run inside
     * the caller's transaction.
     */
    public static Uni<Void> updateAll(List<Connection> connections) {
        if (connections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        update connection c
                        set status = u.status, status_message = u.message, status_observed_at = u.observed,
                            status_updated_at = u.status_updated, authentication_methods = u.methods,
                            last_successful_sync_at = u.last_sync, next_sync_at = u.next_sync,
                            next_sync_checked_at = u.next_checked, updated_at = u.updated, version = c.version + 1
                        from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]),
                            cast(cast(?4 as text[]) as timestamptz[]), cast(cast(?5 as text[]) as timestamptz[]),
                            cast(cast(?6 as text[]) as jsonb[]), cast(cast(?7 as text[]) as timestamptz[]),
                            cast(cast(?8 as text[]) as timestamptz[]), cast(cast(?9 as text[]) as timestamptz[]),
                            cast(cast(?10 as text[]) as timestamptz[]))
                            as u(id, status, message, observed, status_updated, methods, last_sync, next_sync,
                                 next_checked, updated)
                        where c.connection_id = u.id""")
                        .setParameter(1, text(connections, c -> c.connectionId))
                        .setParameter(2, text(connections, c -> c.status))
                        .setParameter(3, text(connections, c -> c.statusMessage))
                        .setParameter(4, times(connections, c -> c.statusObservedAt))
                        .setParameter(5, times(connections, c -> c.statusUpdatedAt))
                        .setParameter(6, text(connections, c -> JsonColumns.write(c.authenticationMethods)))
                        .setParameter(7, times(connections, c -> c.lastSuccessfulSyncAt))
                        .setParameter(8, times(connections, c -> c.nextSyncAt))
                        .setParameter(9, times(connections, c -> c.nextSyncCheckedAt))
                        .setParameter(10, times(connections, c -> c.updatedAt))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
