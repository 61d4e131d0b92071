package com.acme.finchconnections.webhook;

import static com.acme.finchconnections.common.db.ColumnArrays.column;
import static com.acme.finchconnections.common.db.ColumnArrays.text;
import static com.acme.finchconnections.common.db.ColumnArrays.times;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * Every webhook event the processor has seen, keyed by Finch's event id. Written in the same transaction as the
 * event's effect, so an event already here was applied (or parked, or dead-lettered) and is skipped when Kafka
 * or Finch delivers it again.
 */
@Entity
@Table(name = "webhook_inbox")
public class WebhookInbox extends PanacheEntityBase {

    /** The event changed what it could: status, job history, product activity, or only the audit trail. */
    public static final String APPLIED = "applied";
    /** The event's connection is not known yet: applied as soon as it is (exchange, migration). */
    public static final String PARKED = "parked";
    /** The event can never be applied; it was published to the dead-letter topic. */
    public static final String DEAD = "dead";

    @Id
    public String eventId;
    public String eventType;
    public String connectionId;
    public String accountId;
    public String companyId;
    public String entityId;
    public Instant finchTimestamp;
    public Instant receivedAt;
    public Integer kafkaPartition;
    public Long kafkaOffset;
    /** Finch's body, for parked and dead events only (an applied one's is on the topic). */
    public String payload;
    public String state;
    public String outcome;
    public Instant processedAt;

    /**
     * Stores a batch's rows in one statement rather than one insert each: the processor writes a row for every
     * event it sees, so this is on its hottest path. Must run inside the caller's transaction.
     */
    public static Uni<Void> insertAll(List<WebhookInbox> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into webhook_inbox (event_id, event_type, connection_id, account_id, company_id,
                            entity_id, finch_timestamp, received_at, kafka_partition, kafka_offset, payload, state,
                            outcome, processed_at)
                        select * from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]),
                            cast(?4 as text[]), cast(?5 as text[]), cast(?6 as text[]),
                            cast(cast(?7 as text[]) as timestamptz[]), cast(cast(?8 as text[]) as timestamptz[]),
                            cast(?9 as integer[]), cast(?10 as bigint[]), cast(?11 as text[]), cast(?12 as text[]),
                            cast(?13 as text[]), cast(cast(?14 as text[]) as timestamptz[]))""")
                        .setParameter(1, text(rows, row -> row.eventId))
                        .setParameter(2, text(rows, row -> row.eventType))
                        .setParameter(3, text(rows, row -> row.connectionId))
                        .setParameter(4, text(rows, row -> row.accountId))
                        .setParameter(5, text(rows, row -> row.companyId))
                        .setParameter(6, text(rows, row -> row.entityId))
                        .setParameter(7, times(rows, row -> row.finchTimestamp))
                        .setParameter(8, times(rows, row -> row.receivedAt))
                        .setParameter(9, column(rows, row -> row.kafkaPartition, Integer[]::new))
                        .setParameter(10, column(rows, row -> row.kafkaOffset, Long[]::new))
                        .setParameter(11, text(rows, row -> row.payload))
                        .setParameter(12, text(rows, row -> row.state))
                        .setParameter(13, text(rows, row -> row.outcome))
                        .setParameter(14, times(rows, row -> row.processedAt))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
