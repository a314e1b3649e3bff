package org.sleepdelta.streams;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Topic configs of the stores' changelog topics, so that what a store deletes (an erased client, swept state) does not
 * linger in them: the broker removes a deleted entry's earlier values within the bound B, and the tombstone after at
 * most B more.
 *
 * <p>Compaction never touches a partition's active segment, and the segment holding a tombstone must be closed before
 * the tombstone can supersede anything. So: {@code segment.ms} = B/2 closes that segment at the first write to the
 * partition B/2 after the segment began; {@code max.compaction.lag.ms} = B/2 then makes the cleaner compact it at once
 * (it is already older than that), whatever the dirty ratio; {@code delete.retention.ms} = B drops the tombstone
 * (whose key still names the client) B after that compaction. Both checks compare record timestamps, and Kafka
 * Streams writes changelog records with the input's timestamp (often an event time days old), so
 * {@code message.timestamp.type=LogAppendTime} makes the broker stamp them with its own clock and the bound a
 * wall-clock one. The bound holds while the partition receives writes, which every processed record of the task
 * brings; the cleaner's own pause ({@code log.cleaner.backoff.ms}, 15 s by default) adds to it.
 *
 * <p>Kafka Streams applies these only when it creates a changelog topic; existing ones keep their configs until
 * altered ({@code kafka-configs --alter}).
 */
final class ChangelogTopicConfig {
    private ChangelogTopicConfig() {}

    static Map<String, String> of(Duration bound) {
        long half = Math.max(1, bound.toMillis() / 2);
        return Map.of(
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(half),
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(half),
                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(bound.toMillis()),
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }
}
