package com.acme.finchconnections.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints how many records a topic holds (sum over partitions of end offset minus start offset), for
 * {@code bench/run.sh} to compare with the number of webhooks the service accepted. Not a test.
 *
 * <pre>args: bootstrapServers topic</pre>
 */
public final class TopicRecordCount {

    private TopicRecordCount() {
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(properties)) {
            String topic = args[1];
            long total = 0;
            if (admin.listTopics().names().get().contains(topic)) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                List<TopicPartition> partitions = description.partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
                Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
                for (TopicPartition partition : partitions) {
                    total += ends.get(partition) - starts.get(partition);
                }
            }
            System.out.println(total);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
