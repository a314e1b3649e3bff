package org.sleepdelta.metric;

/** The two knobs of the metric definition. */
public record MetricSettings(SourcePriority sourcePriority, int lateGraceDays) {
    public static final int DEFAULT_LATE_GRACE_DAYS = 3;

    public static MetricSettings defaults() {
        return new MetricSettings(SourcePriority.defaultOrder(), DEFAULT_LATE_GRACE_DAYS);
    }
}
