package com.acme.finchconnections.webhook;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

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
    public String payload;
    public String state;
    public String outcome;
    public Instant processedAt;
}
