package org.sleepdelta.streams.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a {@code read_committed} reader finds on a topic, from the beginning to the end offsets of now. */
public final class CommittedRecords {
    private CommittedRecords() {}

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, int partitionCount) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        IsolationLevel.READ_COMMITTED.toString()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** As {@link #readAll(String, String, int)}, only the records whose key starts with {@code keyPrefix}. */
    public static List<ConsumerRecord<String, byte[]>> readAll(
            String bootstrap, String topic, int partitionCount, String keyPrefix) {
        return readAll(bootstrap, topic, partitionCount).stream()
                .filter(r -> r.key() != null && r.key().startsWith(keyPrefix))
                .toList();
    }
}
