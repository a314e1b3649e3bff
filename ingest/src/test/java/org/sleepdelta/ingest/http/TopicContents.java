package org.sleepdelta.ingest.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.sleepdelta.ingest.auth.TestDecryption;
import org.sleepdelta.schemas.codec.Codecs;

/** What is on a topic, read the way the streams service reads (read_committed) or raw (read_uncommitted). */
final class TopicContents {
    private TopicContents() {}

    /** The end offset of every partition (read_uncommitted: the log end, including aborted records and markers). */
    static Map<TopicPartition, Long> endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers, "read_uncommitted")) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Every record a read_committed consumer sees, from the beginning to the last stable offset. */
    static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, "read_committed");
    }

    /** Every record in the log, aborted ones included. */
    static List<ConsumerRecord<String, byte[]>> readUncommitted(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, "read_uncommitted");
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(
            String bootstrapServers, String topic, String isolation) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers, isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For read_committed, endOffsets is the last stable offset: everything decided so far.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Awaitility.await("reading " + topic + " to its end")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            return records;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    /**
     * The topic's committed records as they were before encryption: input values opened, and a keyed rejection's
     * payload opened (its other fields are never encrypted), with the data keys from {@code clientKeysTopic}.
     */
    static List<ConsumerRecord<String, byte[]>> readPlaintext(
            String bootstrapServers, String clientKeysTopic, String rejectionsTopic, String topic) {
        try (TestDecryption decryption = new TestDecryption(bootstrapServers, clientKeysTopic)) {
            return readCommitted(bootstrapServers, topic).stream()
                    .map(r -> {
                        if (r.key() == null || r.value() == null) {
                            return r;
                        }
                        byte[] plain = topic.equals(rejectionsTopic)
                                ? Codecs.rejection().encode(decryption.rejection(r.key(), r.value()))
                                : decryption.open(r.key(), r.value());
                        return new ConsumerRecord<>(
                                r.topic(),
                                r.partition(),
                                r.offset(),
                                r.timestamp(),
                                r.timestampType(),
                                r.serializedKeySize(),
                                plain.length,
                                r.key(),
                                plain,
                                r.headers(),
                                r.leaderEpoch());
                    })
                    .toList();
        }
    }
}
