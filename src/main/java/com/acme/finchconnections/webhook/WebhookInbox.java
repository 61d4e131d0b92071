package com.acme.finchconnections.webhook;

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
        int n = rows.size();
        String[] eventIds = new String[n];
        String[] eventTypes = new String[n];
        String[] connectionIds = new String[n];
        String[] accountIds = new String[n];
        String[] companyIds = new String[n];
        String[] entityIds = new String[n];
        // Times travel as ISO-8601 text: Hibernate turns a timestamp array into one the PG client cannot encode.
        String[] finchTimestamps = new String[n];
        String[] receivedAt = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] payloads = new String[n];
        String[] states = new String[n];
        String[] outcomes = new String[n];
        String[] processedAt = new String[n];
        for (int i = 0; i < n; i++) {
            WebhookInbox row = rows.get(i);
            eventIds[i] = row.eventId;
            eventTypes[i] = row.eventType;
            connectionIds[i] = row.connectionId;
            accountIds[i] = row.accountId;
            companyIds[i] = row.companyId;
            entityIds[i] = row.entityId;
            finchTimestamps[i] = row.finchTimestamp.toString();
            receivedAt[i] = row.receivedAt.toString();
            partitions[i] = row.kafkaPartition;
            offsets[i] = row.kafkaOffset;
            payloads[i] = row.payload;
            states[i] = row.state;
            outcomes[i] = row.outcome;
            processedAt[i] = row.processedAt.toString();
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
                        .setParameter(1, eventIds)
                        .setParameter(2, eventTypes)
                        .setParameter(3, connectionIds)
                        .setParameter(4, accountIds)
                        .setParameter(5, companyIds)
                        .setParameter(6, entityIds)
                        .setParameter(7, finchTimestamps)
                        .setParameter(8, receivedAt)
                        .setParameter(9, partitions)
                        .setParameter(10, offsets)
                        .setParameter(11, payloads)
                        .setParameter(12, states)
                        .setParameter(13, outcomes)
                        .setParameter(14, processedAt)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
