package org.sleepdelta.ingest.connect.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest state of every connection, as its owners committed it to {@code connections}, for the routes that read
 * it: the clinic's list, the DELETE check and the webhooks' lookup by the vendor's user id. Its consumer has no group
 * (it reads every partition, from the beginning, read_committed) and is opened on first use, so the service starts
 * while Kafka is away. Like {@code ClientKeyDirectory}, it reads the topic to its end before each answer, under its
 * lock: an answer reflects every commit made before the request, and nothing runs in the background.
 */
public final class ConnectionDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionDirectory.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> consumerConfig;
    private final ConnectionRecords records;
    private final Duration timeout;
    private Consumer<String, byte[]> consumer; // guarded by this
    private List<TopicPartition> partitions; // guarded by this
    private final Map<ConnectionKey, Connection> connections = new HashMap<>(); // guarded by this
    private final Map<String, Set<ConnectionKey>> byVendorUser = new HashMap<>(); // guarded by this

    /**
     * @param consumerConfig bootstrap servers and security (kafka.*); deserialisers, isolation, offsets and group are
     *     set here
     * @param timeout        how long reading to the end may take before the request fails
     */
    public ConnectionDirectory(Map<String, Object> consumerConfig, ConnectionRecords records, Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig = Map.copyOf(config);
        this.records = records;
        this.timeout = timeout;
    }

    /** The connections of one client of one clinic, by vendor. */
    public synchronized List<Connection> ofClient(String clinicId, String clientId) {
        readToEnd();
        return connections.values().stream()
                .filter(c -> c.key().clinicId().equals(clinicId)
                        && c.key().clientId().equals(clientId))
                .sorted(Comparator.comparing(c -> c.key().vendor()))
                .toList();
    }

    public synchronized Optional<Connection> find(ConnectionKey key) {
        readToEnd();
        return Optional.ofNullable(connections.get(key));
    }

    /** The connections whose vendor knows the user by this id (usually one; a user connected by two clinics: two). */
    public synchronized List<Connection> byVendorUser(String vendor, String vendorUserId) {
        readToEnd();
        List<Connection> found = new ArrayList<>();
        for (ConnectionKey key : byVendorUser.getOrDefault(indexKey(vendor, vendorUserId), Set.of())) {
            found.add(connections.get(key));
        }
        return found;
    }

    // Holding the lock: the consumer is single-threaded.
    private void readToEnd() {
        if (consumer == null) {
            open();
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() - deadline > 0) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                        records.connectionsTopic() + " could not be read to its end within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                apply(record);
            }
        }
    }

    private void open() {
        KafkaConsumer<String, byte[]> created =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            var infos = created.partitionsFor(records.connectionsTopic(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException(
                        "topic " + records.connectionsTopic() + " does not exist: create it (streams --create-topics)");
            }
            partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            created.assign(partitions);
            created.seekToBeginning(partitions);
            consumer = created;
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, timeout) < end.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        ConnectionKey key;
        Connection connection;
        try {
            key = ConnectionKey.parse(record.key());
            connection = record.value() == null ? null : records.connection(record.key(), record.value());
        } catch (RuntimeException e) {
            // Where, not who: the key names a clinic and a client.
            log.warn(
                    "skipping the {} record at {}-{}@{}: {}",
                    records.connectionsTopic(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        Connection previous = connection == null ? connections.remove(key) : connections.put(key, connection);
        if (previous != null && previous.vendorUserId() != null) {
            Set<ConnectionKey> keys = byVendorUser.get(indexKey(key.vendor(), previous.vendorUserId()));
            if (keys != null) {
                keys.remove(key);
            }
        }
        if (connection != null && connection.vendorUserId() != null) {
            byVendorUser
                    .computeIfAbsent(indexKey(key.vendor(), connection.vendorUserId()), k -> new HashSet<>())
                    .add(key);
        }
    }

    private static String indexKey(String vendor, String vendorUserId) {
        return vendor + '\n' + vendorUserId;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
