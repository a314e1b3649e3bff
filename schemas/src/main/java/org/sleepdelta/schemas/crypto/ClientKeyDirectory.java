package org.sleepdelta.schemas.crypto;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The client data keys of {@code client-keys}, read into memory by a consumer of its own (read_committed, every
 * partition, from the beginning, no group), on demand: by the thread that asks, under this object's lock.
 *
 * <ul>
 *   <li>A key is unwrapped the first time it is asked for, then kept unwrapped.
 *   <li>A tombstone forgets the key, and remembers it as destroyed.
 *   <li>On a miss it first reads the topic up to its current end: a key record is committed in the same transaction
 *       as (or acknowledged before) the records sealed with it, so once a reader has a record, its key is below the
 *       end; a key still missing after that does not exist (erased, or never this client's).
 *   <li>Hits read the topic to its end at most every {@code refreshInterval}, so a destroyed key is forgotten within
 *       that time even when nothing misses.
 * </ul>
 */
public final class ClientKeyDirectory implements DataKeyLookup, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<String, byte[]> consumer;
    private final MasterKeys masterKeys;
    private final long refreshIntervalNanos;
    private final Duration timeout;
    private final List<TopicPartition> partitions;
    private final Map<String, byte[]> wrapped = new HashMap<>(); // guarded by this
    private final Set<String> destroyed = new HashSet<>(); // guarded by this
    private final Map<String, DataKey> unwrapped = new ConcurrentHashMap<>();
    private volatile long lastReadToEnd;

    ClientKeyDirectory(
            Consumer<String, byte[]> consumer,
            String topic,
            MasterKeys masterKeys,
            Duration refreshInterval,
            Duration timeout) {
        this.consumer = consumer;
        this.masterKeys = masterKeys;
        this.refreshIntervalNanos = refreshInterval.toNanos();
        this.timeout = timeout;
        var infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: create it (streams --create-topics)");
        }
        this.partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        synchronized (this) {
            readToEnd();
        }
    }

    /**
     * @param consumerConfig bootstrap servers and security (kafka.*); deserialisers, isolation, offsets and group are
     *     set here
     */
    public static ClientKeyDirectory open(
            Map<String, Object> consumerConfig,
            String topic,
            MasterKeys masterKeys,
            Duration refreshInterval,
            Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            return new ClientKeyDirectory(consumer, topic, masterKeys, refreshInterval, timeout);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    @Override
    public Optional<DataKey> find(String clientKey, String keyId) {
        String recordKey = ClientKeyRecords.recordKey(clientKey, keyId);
        refreshIfStale();
        DataKey key = unwrapped.get(recordKey);
        if (key != null) {
            return Optional.of(key);
        }
        synchronized (this) {
            if (!wrapped.containsKey(recordKey) && !destroyed.contains(recordKey)) {
                readToEnd();
            }
            byte[] value = wrapped.get(recordKey);
            if (value == null) {
                return Optional.empty();
            }
            key = ClientKeyRecords.unwrap(recordKey, value, masterKeys);
            unwrapped.put(recordKey, key);
            return Optional.of(key);
        }
    }

    /** Whether a tombstone destroyed this key (as of the last read, at most {@code refreshInterval} ago). */
    public boolean isDestroyed(String clientKey, String keyId) {
        refreshIfStale();
        synchronized (this) {
            return destroyed.contains(ClientKeyRecords.recordKey(clientKey, keyId));
        }
    }

    /** Reads the topic to its current end now, e.g. right after an erasure. */
    public synchronized void refresh() {
        readToEnd();
    }

    private void refreshIfStale() {
        if (System.nanoTime() - lastReadToEnd > refreshIntervalNanos) {
            synchronized (this) {
                if (System.nanoTime() - lastReadToEnd > refreshIntervalNanos) {
                    readToEnd();
                }
            }
        }
    }

    // Holding the lock: the consumer is single-threaded.
    private void readToEnd() {
        long started = System.nanoTime();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = started + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("client-keys could not be read to its end within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                apply(record);
            }
        }
        lastReadToEnd = started;
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
        if (record.value() == null) {
            wrapped.remove(record.key());
            unwrapped.remove(record.key());
            destroyed.add(record.key());
        } else {
            wrapped.put(record.key(), record.value());
        }
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
