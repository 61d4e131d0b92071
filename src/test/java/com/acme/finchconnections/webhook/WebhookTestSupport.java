package com.acme.finchconnections.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.acme.finchconnections.testing.TestInfrastructure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Produces webhook envelopes to the real broker and reads what the processor left in the real database. */
final class WebhookTestSupport implements AutoCloseable {

    /** A Finch time far from any other test's, so "newer" and "older" are unambiguous. */
    static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");

    private final PgPool database;
    private final ObjectMapper json = new ObjectMapper();
    private final KafkaProducer<String, byte[]> producer;

    WebhookTestSupport(PgPool database) {
        this.database = database;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A connection as the exchange would have stored it, status observed at {@code observedAt}. */
    void insertConnection(String connectionId, String status, Instant observedAt) {
        insertConnection(connectionId, status, observedAt, null);
    }

    void insertConnection(String connectionId, String status, Instant observedAt, String accountId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        execute("""
                insert into connection (connection_id, customer_id, customer_name, provider_id, status,
                    status_observed_at, status_updated_at, authentication_methods, account_id, created_at, updated_at)
                values ($1, $2, 'Test Co', 'gusto', $3, $4, $5,
                    '[{"type":"credential","status":"connected","products":["company"]}]'::jsonb, $6, $5, $5)""",
                Tuple.of(connectionId, "customer-" + connectionId, status, offset(observedAt), offset(now))
                        .addString(accountId));
    }

    private static java.time.OffsetDateTime offset(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    ObjectNode body(String eventType, String connectionId, ObjectNode data) {
        ObjectNode body = json.createObjectNode();
        body.put("event_type", eventType);
        body.put("connection_id", connectionId);
        body.put("company_id", UUID.randomUUID().toString());
        body.set("data", data);
        return body;
    }

    ObjectNode data() {
        return json.createObjectNode();
    }

    ObjectNode accountUpdated(String status, String authMethod) {
        ObjectNode data = data().put("status", status);
        data.set("authentication_method", json.createObjectNode().put("type", authMethod));
        return data;
    }

    /** The envelope the ingestion endpoint publishes, with the body as a string. */
    String envelope(String eventId, String eventType, String connectionId, Instant finchTimestamp, String payload) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("event_id", eventId);
        envelope.put("event_type", eventType);
        envelope.put("connection_id", connectionId);
        envelope.putNull("account_id");
        envelope.putNull("company_id");
        envelope.putNull("entity_id");
        envelope.put("finch_timestamp", finchTimestamp.toString());
        envelope.put("received_at", Instant.now().toString());
        envelope.put("payload", payload);
        return envelope.toString();
    }

    /** Publishes one webhook event for a connection, keyed by connection_id as ingestion does. */
    void send(String eventId, String eventType, String connectionId, Instant finchTimestamp, ObjectNode data) {
        sendRaw(connectionId, envelope(eventId, eventType, connectionId, finchTimestamp,
                body(eventType, connectionId, data).toString()));
    }

    void sendRaw(String key, String value) {
        sendRaw(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A record value as bytes, for values that no String could carry (not UTF-8). */
    void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(WebhookEnvelope.TOPIC, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the test event", e);
        }
    }

    String status(String connectionId) {
        return scalar("select status from connection where connection_id = $1", connectionId);
    }

    String inboxState(String eventId) {
        return scalar("select state from webhook_inbox where event_id = $1", eventId);
    }

    long count(String sql, Object... parameters) {
        return query(sql, parameters).iterator().next().getLong(0);
    }

    String scalar(String sql, Object... parameters) {
        RowSet<Row> rows = query(sql, parameters);
        return rows.size() == 0 ? null : String.valueOf(rows.iterator().next().getValue(0));
    }

    RowSet<Row> query(String sql, Object... parameters) {
        return database.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10));
    }

    void execute(String sql, Tuple parameters) {
        database.preparedQuery(sql).execute(parameters).await().atMost(Duration.ofSeconds(10));
    }

    void execute(String sql) {
        database.query(sql).execute().await().atMost(Duration.ofSeconds(10));
    }

    /** A consumer of a topic from its beginning, in a group of its own. */
    static KafkaConsumer<String, String> consumer(String topic) {
        return consumer(topic, StringDeserializer.class);
    }

    static <V> KafkaConsumer<String, V> consumer(String topic, Class<? extends Deserializer<V>> values) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values.getName());
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until {@code expected} records with the key arrived, then a little longer to catch any extra. */
    static <V> List<ConsumerRecord<String, V>> records(KafkaConsumer<String, V> consumer, String key,
            int expected) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long settleUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settleUntil)) {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    found.add(record);
                }
            }
            if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
