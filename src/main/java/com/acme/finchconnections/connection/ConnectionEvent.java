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
        int n = rows.size();
        String[] connectionIds = new String[n];
        String[] eventIds = new String[n];
        String[] eventTypes = new String[n];
        String[] causes = new String[n];
        // Times travel as ISO-8601 text: Hibernate turns a timestamp array into one the PG client cannot encode.
        String[] finchTimestamps = new String[n];
        String[] appliedAt = new String[n];
        String[] previousStatuses = new String[n];
        String[] statuses = new String[n];
        Boolean[] statusChanged = new Boolean[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            ConnectionEvent row = rows.get(i);
            connectionIds[i] = row.connectionId;
            eventIds[i] = row.eventId;
            eventTypes[i] = row.eventType;
            causes[i] = row.cause;
            finchTimestamps[i] = row.finchTimestamp == null ? null : row.finchTimestamp.toString();
            appliedAt[i] = row.appliedAt.toString();
            previousStatuses[i] = row.previousStatus;
            statuses[i] = row.status;
            statusChanged[i] = row.statusChanged;
            details[i] = row.details == null ? null : row.details.toString();
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
                        .setParameter(1, connectionIds)
                        .setParameter(2, eventIds)
                        .setParameter(3, eventTypes)
                        .setParameter(4, causes)
                        .setParameter(5, finchTimestamps)
                        .setParameter(6, appliedAt)
                        .setParameter(7, previousStatuses)
                        .setParameter(8, statuses)
                        .setParameter(9, statusChanged)
                        .setParameter(10, details)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
