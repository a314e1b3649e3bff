package org.sleepdelta.streams;

import java.time.Duration;
import org.sleepdelta.metric.MetricSettings;

/**
 * How the topology runs the metric.
 *
 * @param retentionDays   state is kept this many days behind the task's event-time watermark; older input is
 *                        rejected as TOO_LATE. Null keeps everything (replay).
 * @param futureTolerance input dated further than this after its ingest timestamp is rejected as IN_FUTURE,
 *                        so one mistyped year cannot push the watermark ahead and expire everything else
 * @param sweepInterval   how often (wall clock) expired state is deleted
 * @param changelogCompactionBound a deleted store entry's value is compacted out of its changelog topic within this
 *                        long, and the tombstone itself within as long again (see {@link ChangelogTopicConfig})
 * @param clientViewBytes heap each task may give the decoded views of its recently active clients ({@link
 *                        ClientViews}); 0 keeps none (every input reads its client from the stores)
 * @param sweepBatchEntries at most this many store entries are examined per slice of the retention sweep, so one
 *                        slice holds the stream thread up for a bounded time ({@link RetentionSweeper})
 */
public record TopologySettings(
        MetricSettings metric,
        Integer retentionDays,
        Duration futureTolerance,
        Duration sweepInterval,
        Duration changelogCompactionBound,
        long clientViewBytes,
        int sweepBatchEntries) {
    public static final int DEFAULT_RETENTION_DAYS = 60;
    /** About 150,000 nights of history per task (400 clients of a year each); see {@link ClientView}. */
    public static final long DEFAULT_CLIENT_VIEW_BYTES = 64L << 20;

    public static final Duration DEFAULT_CHANGELOG_COMPACTION_BOUND = Duration.ofDays(1);
    /**
     * Entries a sweep slice examines at most, a slice a second. A slice costs every client of the task that much
     * latency, most when it deletes (a deleted night is a decode and two RocksDB deletes): 10,000 expired nights took
     * 0.8–2.3 s on a loaded 2-core machine. A pass slower than {@code sweep-interval} only keeps expired state a few
     * minutes longer, against margins of 78 days, so the bound is small: 400,000 entries (a task of 2,000 clients with
     * a year of weekly sessions) still take under 4 minutes, since kept nights cost one entry per client.
     */
    public static final int DEFAULT_SWEEP_BATCH_ENTRIES = 2_000;

    public TopologySettings {
        if (retentionDays != null && retentionDays < 1) {
            throw new IllegalArgumentException("retention-days must be at least 1");
        }
        if (changelogCompactionBound.toMillis() < 2) {
            throw new IllegalArgumentException("changelog-compaction-bound must be at least 2ms");
        }
        if (clientViewBytes < 0) {
            throw new IllegalArgumentException("client view bytes must not be negative");
        }
        if (sweepBatchEntries < 1) {
            throw new IllegalArgumentException("sweep batch entries must be at least 1");
        }
    }

    public static TopologySettings defaults() {
        return new TopologySettings(
                MetricSettings.defaults(),
                DEFAULT_RETENTION_DAYS,
                Duration.ofDays(1),
                Duration.ofMinutes(5),
                DEFAULT_CHANGELOG_COMPACTION_BOUND,
                DEFAULT_CLIENT_VIEW_BYTES,
                DEFAULT_SWEEP_BATCH_ENTRIES);
    }

    public TopologySettings keepingEverything() {
        return new TopologySettings(
                metric,
                null,
                futureTolerance,
                sweepInterval,
                changelogCompactionBound,
                clientViewBytes,
                sweepBatchEntries);
    }

    public TopologySettings withChangelogCompactionBound(Duration bound) {
        return new TopologySettings(
                metric, retentionDays, futureTolerance, sweepInterval, bound, clientViewBytes, sweepBatchEntries);
    }

    public TopologySettings withClientViewBytes(long bytes) {
        return new TopologySettings(
                metric,
                retentionDays,
                futureTolerance,
                sweepInterval,
                changelogCompactionBound,
                bytes,
                sweepBatchEntries);
    }

    public TopologySettings withSweepBatchEntries(int entries) {
        return new TopologySettings(
                metric,
                retentionDays,
                futureTolerance,
                sweepInterval,
                changelogCompactionBound,
                clientViewBytes,
                entries);
    }
}
