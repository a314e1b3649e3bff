package org.sleepdelta.schemas.erasure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.schemas.ClientKey;

/**
 * The data keys of one client that are live on {@code client-keys}: the topic read from the beginning to its end
 * offsets (read_committed), keeping the last value per record key. A key whose last value is a tombstone is already
 * destroyed.
 */
final class ClientKeysScan {
    private static final Duration POLL = Duration.ofMillis(100);

    private ClientKeysScan() {}

    /** The live record keys ({@code clinicId/clientId/keyId}) of the client and the partition each lives in, sorted. */
    static Map<String, Integer> liveKeys(
            Consumer<String, byte[]> consumer, String topic, ClientKey client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The trailing '/' keeps client "c1" from matching the keys of client "c10".
        String prefix = client + "/";
        List<TopicPartition> partitions = ErasureConsumers.partitions(consumer, topic, timeout);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<String, Integer> live = new TreeMap<>();
        while (!ErasureConsumers.reached(consumer, ends, timeout)) {
            ErasureConsumers.checkDeadline(deadline, topic, timeout);
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.key() == null || !record.key().startsWith(prefix)) {
                    continue;
                }
                if (record.value() == null) {
                    live.remove(record.key());
                } else {
                    live.put(record.key(), record.partition());
                }
            }
        }
        return live;
    }
}
