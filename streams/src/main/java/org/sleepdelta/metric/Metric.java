package org.sleepdelta.metric;

/**
 * The nine nightly metrics, in contract order, with the direction that counts as an improvement and the clinically
 * meaningful improvement thresholds (AASM behavioural-insomnia guideline, Edinger et al. 2021): a rise for total
 * sleep and efficiency, a fall for latency, WASO and awakenings. Resting heart rate (lower) and HRV (higher) have a
 * direction but no threshold; deep and REM minutes have neither, since more of either is not by itself better.
 */
public enum Metric {
    TOTAL_SLEEP_MINUTES("totalSleepMinutes", 1, 15.0),
    SLEEP_EFFICIENCY_PCT("sleepEfficiencyPct", 1, 10.0),
    SLEEP_LATENCY_MINUTES("sleepLatencyMinutes", -1, -20.0),
    WASO_MINUTES("wasoMinutes", -1, -20.0),
    AWAKENINGS("awakenings", -1, -0.5),
    DEEP_MINUTES("deepMinutes", 0, null),
    REM_MINUTES("remMinutes", 0, null),
    RESTING_HEART_RATE_BPM("restingHeartRateBpm", -1, null),
    HRV_RMSSD_MS("hrvRmssdMs", 1, null);

    /**
     * Deltas are means of recorded values; a delta that equals a threshold in exact arithmetic can land a
     * rounding error below it. This tolerance keeps such a night-for-night tie counted as meeting it.
     */
    static final double THRESHOLD_TOLERANCE = 1e-9;

    private final String fieldName;
    private final int improvingSign;
    private final Double improvementThreshold;

    Metric(String fieldName, int improvingSign, Double improvementThreshold) {
        this.fieldName = fieldName;
        this.improvingSign = improvingSign;
        this.improvementThreshold = improvementThreshold;
    }

    /** The name used in JSON and Avro. */
    public String fieldName() {
        return fieldName;
    }

    /** +1 when a rise is an improvement, -1 when a fall is, 0 when neither is. */
    public int improvingSign() {
        return improvingSign;
    }

    /** Null when the metric has no threshold; otherwise whether {@code delta} meets it. */
    Boolean meetsThreshold(double delta) {
        if (improvementThreshold == null) {
            return null;
        }
        return improvementThreshold > 0
                ? delta >= improvementThreshold - THRESHOLD_TOLERANCE
                : delta <= improvementThreshold + THRESHOLD_TOLERANCE;
    }

    /**
     * Null without an improving direction; otherwise whether the whole interval lies strictly on the improving side
     * of zero (an interval touching zero does not rule out "no change").
     */
    Boolean reliablyImproved(Interval interval) {
        if (improvingSign == 0 || interval == null) {
            return null;
        }
        return improvingSign > 0 ? interval.low() > 0 : interval.high() < 0;
    }
}
