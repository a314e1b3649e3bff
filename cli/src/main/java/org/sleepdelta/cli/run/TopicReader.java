package org.sleepdelta.cli.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sleepdelta.platform.config.KafkaClientProperties;

/** Reads every committed record of a topic, from the beginning to the end it has now. */
public final class TopicReader {
    private TopicReader() {}

    /** From an open cluster (the embedded broker, tests). */
    public static void readToEnd(
            String bootstrapServers, String topic, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        readToEnd(bootstrapServers, KafkaClientProperties.none(), topic, onRecord);
    }

    /** @param kafka kafka.* client properties for the consumer (security, tuning) */
    public static void readToEnd(
            String bootstrapServers,
            KafkaClientProperties kafka,
            String topic,
            Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                config(bootstrapServers, kafka), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    onRecord.accept(r);
                }
            }
        }
    }

    /** kafka.* and kafka.consumer.* under the address and read_committed, which they cannot change. */
    static Map<String, Object> config(String bootstrapServers, KafkaClientProperties kafka) {
        return kafka.clientConfig(
                KafkaClientProperties.Kind.CONSUMER,
                Map.of(),
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        IsolationLevel.READ_COMMITTED.toString()));
    }
}
