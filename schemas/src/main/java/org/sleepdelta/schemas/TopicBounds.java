package org.sleepdelta.schemas;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the pipeline's topics keep what they no longer need, when a topic is created ({@link Topics#layout}).
 *
 * @param rejectionsRetention how long {@link Topics#REJECTIONS} keeps a record ({@code retention.ms})
 * @param tombstoneRetention how long a compacted topic keeps a tombstone once the cleaner has reached it ({@code
 *     delete.retention.ms}); a sink lagging longer can miss deletes. Also the retention of {@link
 *     Topics#CLIENT_ERASURES}: a reader lagging longer misses deletes either way
 * @param compactedSegmentAge age at which a compacted topic's active segment is rolled ({@code segment.ms}); the
 *     cleaner never touches the active segment
 * @param maxCompactionLag longest time a record of a compacted topic may stay uncompacted ({@code
 *     max.compaction.lag.ms}): the cleaner then compacts the segment even if the topic is not dirty enough, which
 *     bounds how long a superseded value (a destroyed data key, an erased client's metric) stays readable
 */
public record TopicBounds(
        Duration rejectionsRetention,
        Duration tombstoneRetention,
        Duration compactedSegmentAge,
        Duration maxCompactionLag) {

    public TopicBounds {
        positive(rejectionsRetention, "the retention of " + Topics.REJECTIONS);
        positive(tombstoneRetention, "the tombstone retention (delete.retention.ms)");
        positive(compactedSegmentAge, "the compacted segment age (segment.ms)");
        positive(maxCompactionLag, "the maximum compaction lag (max.compaction.lag.ms)");
    }

    /** {@link Topics}' defaults: 30 days of rejections, tombstones kept 7 days, segments rolled and compacted daily. */
    public static TopicBounds defaults() {
        return new TopicBounds(
                Topics.DEFAULT_REJECTIONS_RETENTION,
                Topics.TOMBSTONE_RETENTION,
                Topics.COMPACTED_SEGMENT_AGE,
                Topics.MAX_COMPACTION_LAG);
    }

    public TopicBounds withRejectionsRetention(Duration retention) {
        return new TopicBounds(retention, tombstoneRetention, compactedSegmentAge, maxCompactionLag);
    }

    /**
     * The longest a superseded value (or a tombstone's predecessor) of a compacted topic stays readable, apart from
     * the broker's cleaner backoff ({@code log.cleaner.backoff.ms}, 15 s by default) and file deletion delay ({@code
     * file.delete.delay.ms}, 1 min by default): the active segment rolls after {@link #compactedSegmentAge}, and the
     * cleaner must compact a record within {@link #maxCompactionLag} of its timestamp. A tombstone itself stays
     * {@link #tombstoneRetention} longer. Kafka rolls a segment only when a record is appended, so on a partition
     * that receives nothing more the bound does not hold until the next record arrives.
     */
    public Duration supersededValueBound() {
        return compactedSegmentAge.plus(maxCompactionLag);
    }

    private static void positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
