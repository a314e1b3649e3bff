package org.sleepdelta.ingest.connect.owner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the state of a {@code connections} partition: reads it (read_committed) from the beginning to its last
 * stable offset, the last value of each key winning and a tombstone deleting it. A value that does not open is
 * skipped and counted, never logged.
 */
final class PartitionRestore {
    private static final Logger log = LoggerFactory.getLogger(PartitionRestore.class);

    private final Consumer<String, byte[]> consumer;
    private final ConnectionRecords codec;
    private final OwnerMetrics metrics;
    private final Duration timeout;

    /** @param consumer read_committed, without a group: used with assign() */
    PartitionRestore(
            Consumer<String, byte[]> consumer, ConnectionRecords codec, OwnerMetrics metrics, Duration timeout) {
        this.consumer = consumer;
        this.codec = codec;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    Map<ConnectionKey, Connection> restore(int partition) {
        TopicPartition tp = new TopicPartition(codec.connectionsTopic(), partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        // read_committed: the end is the last stable offset, so no open transaction's state is taken.
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        Instant deadline = Instant.now().plus(timeout);
        Map<ConnectionKey, Connection> state = new HashMap<>();
        int unreadable = 0;
        while (consumer.position(tp, timeout) < end) {
            if (Instant.now().isAfter(deadline)) {
                throw new OwnerLost("restoring partition " + partition + " took longer than " + timeout, null);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                try {
                    ConnectionKey key = ConnectionKey.parse(record.key());
                    if (record.value() == null) {
                        state.remove(key);
                    } else {
                        state.put(key, codec.connection(record.key(), record.value()));
                    }
                } catch (RuntimeException e) {
                    unreadable++;
                }
            }
        }
        consumer.unsubscribe();
        if (unreadable > 0) {
            metrics.unreadableStates(unreadable);
            log.warn(
                    "{} stored connection state(s) of partition {} do not open and were skipped",
                    unreadable,
                    partition);
        }
        return state;
    }
}
