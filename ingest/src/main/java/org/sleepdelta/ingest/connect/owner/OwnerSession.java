package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.ingest.kafka.PayloadEncryption;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.kafka.ProducerDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One membership of the owner group, from joining to leaving: a consumer of {@code connections} and {@code
 * connection-requests} (RangeAssignor, so partition N of both comes to the same member), a transactional producer, and
 * the state of the partitions held. Any transaction that does not commit ends the session ({@link OwnerLost}); the
 * owner then starts a new one, which rebuilds its state from the topics.
 *
 * <p>The loop: poll (which also runs rebalances), apply the requests polled, in order, then pull one page for each
 * due connection for at most {@link #PULL_BUDGET}, and poll again, so that requests and rebalances are never kept
 * waiting by a long backfill.
 */
final class OwnerSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OwnerSession.class);
    static final Duration PULL_BUDGET = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(200);

    private final OwnerKafka kafka;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaConsumer<String, byte[]> restoreConsumer;
    private final KafkaProducer<String, byte[]> producer;
    private final OwnerWrites writes;
    private final PartitionRestore restore;
    private final RequestApplier requests;
    private final Puller puller;
    private final VendorCalls calls;
    private final AppSubscriptions appSubscriptions;
    private final OwnerMetrics metrics;
    private final Clock clock;

    OwnerSession(
            String groupId,
            OwnerKafka kafka,
            PayloadEncryption encryption,
            RequestApplier requests,
            Puller puller,
            VendorCalls calls,
            AppSubscriptions appSubscriptions,
            OwnerMetrics metrics,
            Clock clock) {
        this.kafka = kafka;
        this.appSubscriptions = appSubscriptions;
        this.requests = requests;
        this.puller = puller;
        this.calls = calls;
        this.metrics = metrics;
        this.clock = clock;
        consumer = new KafkaConsumer<>(
                consumerConfig(kafka, groupId), new StringDeserializer(), new ByteArrayDeserializer());
        restoreConsumer =
                new KafkaConsumer<>(consumerConfig(kafka, null), new StringDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(producerConfig(kafka), new StringSerializer(), new ByteArraySerializer());
        restore = new PartitionRestore(restoreConsumer, kafka.records(), metrics, kafka.timeout());
        writes = new OwnerWrites(
                new OwnerTransactions(producer, consumer, encryption, kafka.records()), new OwnedConnections());
    }

    static Map<String, Object> consumerConfig(OwnerKafka kafka, String groupId) {
        Map<String, Object> required = new HashMap<>();
        required.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        required.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        required.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        required.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        required.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                kafka.timeout().toMillis());
        if (groupId != null) {
            required.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            required.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        }
        return kafka.kafka().clientConfig(KafkaClientProperties.Kind.CONSUMER, Map.of(), required);
    }

    static Map<String, Object> producerConfig(OwnerKafka kafka) {
        Map<String, Object> required =
                ProducerDefaults.required(kafka.bootstrapServers(), "sleepdelta-connection-owner");
        // Unique per session: a new session must not fence itself out of its own group membership's transactions,
        // and an owner that dies leaves its open transaction to the broker's transaction timeout.
        required.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                kafka.transactionalIdPrefix() + "-connection-owner-" + UUID.randomUUID());
        // A dead owner's open transaction holds back its successor (the last stable offset, the committed offsets):
        // the broker aborts it after this. The owner's transactions are one page each, far shorter.
        required.put(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) kafka.timeout().toMillis());
        required.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.timeout().toMillis());
        required.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafka.timeout().toMillis());
        required.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Math.min(kafka.timeout().toMillis(), 30_000));
        required.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return kafka.kafka().clientConfig(KafkaClientProperties.Kind.PRODUCER, ProducerDefaults.tuning(), required);
    }

    /** Runs until {@code running} turns false or {@link #wakeup} is called; throws {@link OwnerLost} on a failed commit. */
    void run(BooleanSupplier running) throws InterruptedException {
        producer.initTransactions();
        consumer.subscribe(
                List.of(kafka.records().connectionsTopic(), kafka.records().requestsTopic()), new Rebalance());
        while (running.getAsBoolean()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.topic().equals(kafka.records().requestsTopic())) {
                    apply(record);
                }
            }
            pullDue();
            appSubscriptions.maintain(writes.owned().owns(0));
            metrics.owned(writes.owned().all());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        ConnectionRequest request;
        try {
            request = kafka.records().request(record.key(), record.value());
        } catch (RuntimeException e) {
            log.warn(
                    "a connection request that does not open was skipped (partition {}, offset {})",
                    record.partition(),
                    record.offset());
            writes.applied(record.partition(), record.offset(), null, null);
            return;
        }
        requests.apply(writes, record.partition(), record.offset(), request);
    }

    private void pullDue() {
        Instant until = clock.instant().plus(PULL_BUDGET);
        for (OwnedConnections.Owned due : writes.owned().due(clock.instant())) {
            if (clock.instant().isAfter(until)) {
                return;
            }
            // Re-read: an earlier step of this round may have changed it (never, today; cheap insurance).
            var current = writes.owned().get(due.partition(), due.connection().key());
            if (current != null && current.revision() == due.connection().revision()) {
                puller.step(writes, due.partition(), current);
            }
        }
    }

    /** Makes a blocked poll return, from another thread. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        try {
            consumer.close(); // leaves the group, so the partitions move at once
        } finally {
            try {
                restoreConsumer.close();
            } finally {
                producer.close(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Takes partitions over, or lets them go. On assignment the position in {@code connection-requests} is read
     * first: with read_committed that waits for the previous owner's open transaction to end (KIP-447's stable offsets),
     * so the {@code connections} partition read next holds everything it committed.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> writes.drop(tp.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> connections = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(kafka.records().requestsTopic())) {
                    writes.requestsFrom(tp.partition(), consumer.position(tp));
                } else {
                    connections.add(tp);
                }
            }
            for (TopicPartition tp : connections) {
                writes.owned().own(tp.partition(), restore.restore(tp.partition()));
            }
            // Only this owner writes its connections partitions: it knows their state without reading them again.
            consumer.pause(connections);
            long held = consumer.assignment().stream()
                    .filter(tp -> tp.topic().equals(kafka.records().connectionsTopic()))
                    .count();
            int total =
                    consumer.partitionsFor(kafka.records().connectionsTopic()).size();
            calls.limits().share((int) held, total);
            log.info("connection owner holds {} of {} partitions", held, total);
        }
    }
}
