package org.sleepdelta.schemas.erasure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The consumers that read the erasure topics: without a group (they read whole topics, commit nothing) and
 * read_committed, so that a request whose transaction was aborted is never taken for one that happened.
 */
public final class ErasureConsumers {
    private ErasureConsumers() {}

    /** What every erasure consumer must have; callers add security and tuning around it. */
    public static Map<String, Object> required(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    static Consumer<String, byte[]> create(Map<String, Object> config) {
        Map<String, Object> checked = new HashMap<>(config);
        checked.remove(ConsumerConfig.GROUP_ID_CONFIG);
        checked.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        checked.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(checked, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Every partition of {@code topic}.
     *
     * @throws IllegalStateException when the topic does not exist (the topics are created by {@code TopicSetup})
     */
    static List<TopicPartition> partitions(Consumer<String, byte[]> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** Whether the consumer has read every assigned partition up to {@code ends}. */
    static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, Duration timeout) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), timeout) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    static void checkDeadline(long deadlineNanos, String topic, Duration timeout) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new TimeoutException("reading " + topic + " to its end took longer than " + timeout);
        }
    }
}
