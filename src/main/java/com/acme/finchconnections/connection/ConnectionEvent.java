package com.acme.finchconnections.connection;

import static com.acme.finchconnections.common.db.ColumnArrays.column;
import static com.acme.finchconnections.common.db.ColumnArrays.text;
import static com.acme.finchconnections.common.db.ColumnArrays.times;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * The connection's audit trail: one row per webhook event applied to it and one per status change of another
 * cause (exchange, introspect, migration). An older status that lost to a newer one is still recorded here.
 */
@Entity
@Table(name = "connection_event")
public class ConnectionEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String connectionId;
    /** Finch's event id for webhook events; null for other causes. */
    public String eventId;
    public String eventType;
    public String cause;
    public Instant finchTimestamp;
    public Instant appliedAt;
    public String previousStatus;
    public String status;
    public boolean statusChanged;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode details;

    /**
     * Stores many rows in one statement: one round trip for a whole webhook batch instead of one per row (the
     * identity column rules out statement batching). Each column travels as one array parameter, so the statement
     * is the same whatever the number of rows. Ids follow the list's order, so a connection's trail stays in the
     * order its events were applied. Must run inside the caller's transaction.
     */
    public static Uni<Void> insertAll(List<ConnectionEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into connection_event (connection_id, event_id, event_type, cause, finch_timestamp,
                            applied_at, previous_status, status, status_changed, details)
                        select c, e, t, k, f, a, p, s, x, d
                        from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]),
                            cast(?4 as text[]), cast(cast(?5 as text[]) as timestamptz[]),
                            cast(cast(?6 as text[]) as timestamptz[]),
                            cast(?7 as text[]), cast(?8 as text[]), cast(?9 as boolean[]),
                            cast(cast(?10 as text[]) as jsonb[])) with ordinality as r(c, e, t, k, f, a, p, s, x, d, n)
                        order by n""")
                        .setParameter(1, text(rows, row -> row.connectionId))
                        .setParameter(2, text(rows, row -> row.eventId))
                        .setParameter(3, text(rows, row -> row.eventType))
                        .setParameter(4, text(rows, row -> row.cause))
                        .setParameter(5, times(rows, row -> row.finchTimestamp))
                        .setParameter(6, times(rows, row -> row.appliedAt))
                        .setParameter(7, text(rows, row -> row.previousStatus))
                        .setParameter(8, text(rows, row -> row.status))
                        .setParameter(9, column(rows, row -> row.statusChanged, Boolean[]::new))
                        .setParameter(10, text(rows, row -> row.details == null ? null : row.details.toString()))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
