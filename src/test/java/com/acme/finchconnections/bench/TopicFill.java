package com.acme.finchconnections.bench;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts webhook envelopes straight on {@code finch.webhooks.v1}, as ingestion would have published them, for
 * scenario 3 of {@code bench/run.sh} (the processor drains a backlog it did not see arrive). Events go round-robin
 * over the benchmark connections ({@link SignedWebhookFile#connectionId}), keyed by connection id; event ids are
 * {@code msg_drain_<run>_<n>}. Prints the run prefix and a progress line every 100,000 events. Not a test.
 *
 * <pre>args: bootstrapServers events connections</pre>
 */
public final class TopicFill {

    private TopicFill() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int events = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        ObjectMapper json = new ObjectMapper();
        String[] ids = new String[connections];
        String[] bodies = new String[connections];
        for (int i = 0; i < connections; i++) {
            UUID connectionId = SignedWebhookFile.connectionId(i);
            ids[i] = connectionId.toString();
            bodies[i] = SignedWebhookFile.body(connectionId);
        }
        String run = "msg_drain_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
        System.out.println("prefix " + run);

        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (int n = 0; n < events; n++) {
                int c = n % connections;
                Instant now = Instant.now();
                ObjectNode envelope = json.createObjectNode()
                        .put("event_id", run + n)
                        .put("event_type", "account.updated")
                        .put("connection_id", ids[c])
                        .putNull("account_id")
                        .putNull("company_id")
                        .putNull("entity_id")
                        .put("finch_timestamp", now.toString())
                        .put("received_at", now.toString())
                        .put("payload", bodies[c]);
                producer.send(new ProducerRecord<>("finch.webhooks.v1", ids[c], envelope.toString()), (metadata, e) -> {
                    if (e != null) {
                        System.err.println("send failed: " + e);
                        System.exit(1);
                    }
                });
                if ((n + 1) % 100_000 == 0) {
                    System.out.printf("  %,d events on the topic (%.0f s)%n", n + 1, (System.nanoTime() - started) / 1e9);
                }
            }
            producer.flush();
        }
    }
}
