package com.acme.finchconnections.common.outbox;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Writes outgoing Kafka messages into the database inside the caller's transaction. Publishing straight to
 * Kafka after a commit would be a dual write: a crash between the two loses the message. The relay publishes
 * what committed and marks it published.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final Clock clock;

    public Outbox(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Must run inside a transaction: the message commits, or rolls back, with the change it announces. */
    public Uni<OutboxMessage> enqueue(String topic, String key, Object payload) {
        OutboxMessage message = new OutboxMessage();
        message.topic = topic;
        message.messageKey = key;
        message.payload = json.valueToTree(payload);
        message.createdAt = Instant.now(clock);
        return message.persist();
    }
}
