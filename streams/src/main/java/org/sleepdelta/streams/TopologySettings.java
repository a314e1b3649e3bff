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
 */
public record TopologySettings(
        MetricSettings metric, Integer retentionDays, Duration futureTolerance, Duration sweepInterval) {
    public static final int DEFAULT_RETENTION_DAYS = 60;

    public TopologySettings {
        if (retentionDays != null && retentionDays < 1) {
            throw new IllegalArgumentException("retention-days must be at least 1");
        }
    }

    public static TopologySettings defaults() {
        return new TopologySettings(
                MetricSettings.defaults(), DEFAULT_RETENTION_DAYS, Duration.ofDays(1), Duration.ofMinutes(5));
    }

    public TopologySettings keepingEverything() {
        return new TopologySettings(metric, null, futureTolerance, sweepInterval);
    }
}
