package com.acme.finchconnections.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One combined KRaft node (broker and controller) in this JVM. Kafka's own test kit formats and starts it
 * in about two seconds; its ports are free ports chosen at start.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The topics the service uses, with the partition counts a local broker gets. */
    public static final Map<String, Integer> TOPICS = Map.of(
            "finch.webhooks.v1", 4,
            "finch.webhooks.v1.dlq", 1,
            "connections.status.v1", 4);

    private final KafkaClusterTestKit cluster;
    private final Path temporaryDirectory;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, Path temporaryDirectory) {
        this.cluster = cluster;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Starts a broker. With a base directory its log survives a restart (local run); the directory is formatted
     * only the first time. Without one it lives in a temporary directory (tests).
     */
    public static EmbeddedKafkaBroker start(Path baseDirectory) throws Exception {
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setClusterId("finch-connections-local")
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        // Our own temporary directory, deleted after the broker stopped: the kit's own one is removed by a JVM
        // shutdown hook that can race the broker's last writes and fill the log with errors.
        Path temporaryDirectory = baseDirectory == null ? Files.createTempDirectory("finch-kafka") : null;
        Path directory = baseDirectory != null ? baseDirectory : temporaryDirectory;
        boolean formatted = Files.exists(directory.resolve(".formatted"));
        Files.createDirectories(directory);
        nodes.setBaseDirectory(directory);
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                .setDeleteOnClose(false)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("num.partitions", "4")
                .build();
        if (!formatted) {
            cluster.format();
            Files.writeString(directory.resolve(".formatted"), "kraft storage formatted\n");
        }
        cluster.startup();
        cluster.waitForReadyBrokers();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(cluster, temporaryDirectory);
        broker.createTopics(TOPICS);
        return broker;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopics(Map<String, Integer> topics) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        if (temporaryDirectory != null) {
            try (var paths = Files.walk(temporaryDirectory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
