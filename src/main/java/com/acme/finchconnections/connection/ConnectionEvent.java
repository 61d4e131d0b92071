package com.acme.finchconnections.connection;

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

    private static final String COLUMNS = "connection_id, event_id, event_type, cause, finch_timestamp, applied_at, "
            + "previous_status, status, status_changed, details";
    private static final int COLUMN_COUNT = 10;
    /** PostgreSQL takes at most 65,535 parameters in a statement. */
    private static final int ROWS_PER_STATEMENT = 1_000;

    /**
     * Stores many rows in one statement: one round trip for a whole webhook batch instead of one per row (the
     * identity column rules out statement batching). Ids follow the list's order, so a connection's trail stays in
     * the order its events were applied. Must run inside the caller's transaction.
     */
    public static Uni<Void> insertAll(List<ConnectionEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (rows.size() > ROWS_PER_STATEMENT) {
            return insertAll(rows.subList(0, ROWS_PER_STATEMENT))
                    .chain(() -> insertAll(rows.subList(ROWS_PER_STATEMENT, rows.size())));
        }
        StringBuilder sql = new StringBuilder("insert into connection_event (" + COLUMNS + ") values ");
        for (int row = 0; row < rows.size(); row++) {
            int p = row * COLUMN_COUNT;
            sql.append(row == 0 ? "" : ", ").append('(')
                    .append("?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                    .append(", ?").append(p + 4).append(", ?").append(p + 5).append(", ?").append(p + 6)
                    .append(", ?").append(p + 7).append(", ?").append(p + 8).append(", ?").append(p + 9)
                    // cast twice: the parameter is text, which PostgreSQL parses as JSON.
                    .append(", cast(cast(?").append(p + 10).append(" as text) as jsonb))");
        }
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString());
            for (int row = 0; row < rows.size(); row++) {
                ConnectionEvent event = rows.get(row);
                int p = row * COLUMN_COUNT;
                query.setParameter(p + 1, event.connectionId)
                        .setParameter(p + 2, event.eventId)
                        .setParameter(p + 3, event.eventType)
                        .setParameter(p + 4, event.cause)
                        .setParameter(p + 5, event.finchTimestamp)
                        .setParameter(p + 6, event.appliedAt)
                        .setParameter(p + 7, event.previousStatus)
                        .setParameter(p + 8, event.status)
                        .setParameter(p + 9, event.statusChanged)
                        .setParameter(p + 10, event.details == null ? null : event.details.toString());
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
