package org.sleepdelta.metric;

/**
 * The nine nightly metrics, in contract order, with their clinically meaningful improvement thresholds
 * (AASM behavioural-insomnia guideline, Edinger et al. 2021): a rise for total sleep and efficiency,
 * a fall for latency, WASO and awakenings; the others have none.
 */
public enum Metric {
    TOTAL_SLEEP_MINUTES("totalSleepMinutes", 15.0),
    SLEEP_EFFICIENCY_PCT("sleepEfficiencyPct", 10.0),
    SLEEP_LATENCY_MINUTES("sleepLatencyMinutes", -20.0),
    WASO_MINUTES("wasoMinutes", -20.0),
    AWAKENINGS("awakenings", -0.5),
    DEEP_MINUTES("deepMinutes", null),
    REM_MINUTES("remMinutes", null),
    RESTING_HEART_RATE_BPM("restingHeartRateBpm", null),
    HRV_RMSSD_MS("hrvRmssdMs", null);

    /**
     * Deltas are means of recorded values; a delta that equals a threshold in exact arithmetic can land a
     * rounding error below it. This tolerance keeps such a night-for-night tie counted as meeting it.
     */
    static final double THRESHOLD_TOLERANCE = 1e-9;

    private final String fieldName;
    private final Double improvementThreshold;

    Metric(String fieldName, Double improvementThreshold) {
        this.fieldName = fieldName;
        this.improvementThreshold = improvementThreshold;
    }

    /** The name used in JSON and Avro. */
    public String fieldName() {
        return fieldName;
    }

    /** Null when the metric has no threshold; otherwise whether {@code delta} meets it. */
    Boolean meaningfulImprovement(double delta) {
        if (improvementThreshold == null) {
            return null;
        }
        return improvementThreshold > 0
                ? delta >= improvementThreshold - THRESHOLD_TOLERANCE
                : delta <= improvementThreshold + THRESHOLD_TOLERANCE;
    }
}
