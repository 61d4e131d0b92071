package com.acme.finchconnections.common.outbox;

import static com.acme.finchconnections.common.db.ColumnArrays.text;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
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

    /** One message of {@link #enqueueAll}: its Kafka key and the value, serialized like {@link #enqueue}'s. */
    public record Keyed(String key, Object payload) {
    }

    /**
     * {@link #enqueue} for a whole batch in one statement (one round trip, however many messages). Ids follow the
     * list's order, so the relay publishes a connection's changes in the order they happened. Must run inside a
     * transaction.
     */
    public Uni<Void> enqueueAll(String topic, List<Keyed> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into outbox_message (topic, message_key, payload, created_at)
                        select cast(?1 as text), k, cast(p as jsonb), cast(cast(?4 as text) as timestamptz)
                        from unnest(cast(?2 as text[]), cast(?3 as text[])) with ordinality as m(k, p, n)
                        order by n""")
                        .setParameter(1, topic)
                        .setParameter(2, text(messages, Keyed::key))
                        .setParameter(3, text(messages, message -> serialize(message.payload())))
                        // As text: see ColumnArrays#times.
                        .setParameter(4, Instant.now(clock).toString())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private String serialize(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            // Our own message records: cannot fail unless a record stops being serializable.
            throw new IllegalStateException("Outbox message not serializable: " + payload.getClass().getName(), e);
        }
    }
}
