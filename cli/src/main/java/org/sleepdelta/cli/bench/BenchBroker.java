package org.sleepdelta.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.sleepdelta.cli.run.BrokerJars;
import org.sleepdelta.cli.run.TopicReader;
import org.sleepdelta.embedded.BrokerJvm;
import org.sleepdelta.embedded.EmbeddedKafkaBroker;
import org.sleepdelta.schemas.TopicBounds;
import org.sleepdelta.schemas.Topics;

/** The one embedded broker of a bench run, and what the phases do with it: topics, input, offsets, sizes. */
final class BenchBroker implements AutoCloseable {
    /** As the streams service's default ({@code partitions}, StreamsConfiguration). */
    static final int PARTITIONS = 6;

    static final List<String> INPUTS = List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS);
    private static final Duration POLL = Duration.ofMillis(20);

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;

    private BenchBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static BenchBroker start() {
        EmbeddedKafkaBroker.Builder settings = EmbeddedKafkaBroker.builder().jvm(BrokerJvm.THROUGHPUT);
        BrokerJars.ofThisInstallation().ifPresent(settings::brokerJars);
        return new BenchBroker(settings.start());
    }

    Optional<ProcessHandle> processHandle() {
        return broker.processHandle();
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    /**
     * Deletes every topic (the pipeline's, earlier runs' changelogs and copies) and creates the pipeline's topics
     * and {@code extra} empty: each phase starts from a broker holding only its own data.
     */
    void resetTopics(NewTopic... extra) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        admin.deleteTopics(existing).all().get();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        // Deletion is asynchronous on the broker: creating the same name again fails until it is gone.
        while (!admin.listTopics().names().get().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics not deleted within 2 minutes");
            }
            Thread.sleep(POLL.toMillis());
        }
        List<NewTopic> topics = new ArrayList<>(Topics.layout(PARTITIONS, (short) 1, TopicBounds.defaults()));
        topics.addAll(List.of(extra));
        admin.createTopics(topics).all().get();
        awaitWritable(topics, deadline);
    }

    /**
     * Creation returns before the broker hosts every partition: a producer starting then is refused
     * (NOT_LEADER_OR_FOLLOWER), and its idempotent retries can then be refused for out-of-order sequence numbers
     * until the records expire. A partition whose leader answers a ListOffsets request is ready.
     */
    private void awaitWritable(List<NewTopic> topics, long deadline) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                request.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        while (true) {
            try {
                admin.listOffsets(request).all().get();
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topics not ready after 2 minutes: " + notYet.getCause());
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * Writes the inputs to their topics as ingest does (its reliable producer settings), in order; returns the
     * nanoseconds from the first send until every record is acknowledged.
     */
    long produce(Collection<BenchData.Input> inputs) {
        return produce(inputs, false);
    }

    /**
     * @param partitionByKey true sends each record to the partition the default partitioner picks for its key,
     *     stated explicitly (the same partition either way)
     */
    private long produce(Collection<BenchData.Input> inputs, boolean partitionByKey) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                org.sleepdelta.schemas.kafka.ProducerDefaults.reliable(bootstrapServers(), "sleepdelta-bench"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            AtomicReference<Exception> failed = new AtomicReference<>();
            long started = System.nanoTime();
            for (BenchData.Input input : inputs) {
                Integer partition = partitionByKey ? partitionOf(input.key()) : null;
                producer.send(input.producerRecord(topicOf(input), partition), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            long nanos = System.nanoTime() - started;
            // A lost record would make every later count and the output check wrong: stop instead.
            if (failed.get() != null) {
                throw new IllegalStateException("bench input not written", failed.get());
            }
            return nanos;
        }
    }

    static String topicOf(BenchData.Input input) {
        return input.sleep() ? Topics.SLEEP_RECORDS : Topics.MASSAGE_SESSIONS;
    }

    /** The partition Kafka's default partitioner gives a keyed record. */
    static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % PARTITIONS;
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The group's committed offsets on {@code partitions} (0 where none), summed. */
    long committed(String groupId, Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            return 0; // the group does not exist until its first commit
        }
        return partitions.stream()
                .map(committed::get)
                .mapToLong(o -> o == null ? 0 : o.offset())
                .sum();
    }

    /**
     * Waits until the group's committed offsets reach {@code ends} on every partition (under exactly-once they
     * commit together with the outputs they caused); returns {@link System#nanoTime()} when it saw that.
     */
    long awaitCommitted(String groupId, Map<TopicPartition, Long> ends, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (committedToEnd(groupId, ends)) {
                return now;
            }
            if (now > deadline) {
                throw new TimeoutException(groupId + " did not reach the input's end within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean committedToEnd(String groupId, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            return false;
        }
        return ends.entrySet().stream()
                .allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue()));
    }

    /** Bytes on the broker's disks of the application's changelog topics. */
    long changelogBytes(String applicationId) throws Exception {
        int node = admin.describeCluster().nodes().get().iterator().next().id();
        long bytes = 0;
        for (LogDirDescription dir : admin.describeLogDirs(List.of(node))
                .allDescriptions()
                .get()
                .get(node)
                .values()) {
            for (var replica : dir.replicaInfos().entrySet()) {
                String topic = replica.getKey().topic();
                if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                    bytes += replica.getValue().size();
                }
            }
        }
        return bytes;
    }

    /** Removes every member of the group, as {@code kafka-consumer-groups --delete-members} would. */
    void removeMembers(String groupId) throws Exception {
        admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions())
                .all()
                .get();
    }

    /** The application's changelog and repartition topics, so that the next run finds the broker as loaded. */
    void deleteInternalTopics(String applicationId) throws Exception {
        List<String> internal = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-"))
                .toList();
        admin.deleteTopics(internal).all().get();
    }

    void readToEnd(String topic, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        TopicReader.readToEnd(bootstrapServers(), topic, onRecord);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        broker.close();
    }
}
