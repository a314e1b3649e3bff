package org.sleepdelta.metric;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.sleepdelta.avro.SleepSource;

/** The nightly values of one client-night's main sleep; a missing value is absent from the map. */
public record NightValues(LocalDate night, Instant mainSleepStart, SleepSource source, Map<Metric, Double> values) {

    public static NightValues of(Episode main) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        values.put(Metric.TOTAL_SLEEP_MINUTES, main.totalSleepMinutes());
        // Our own efficiency, never the vendor's: vendors define it differently, so theirs are not comparable.
        double timeInBed = main.timeInBedOrPeriod();
        if (timeInBed > 0) {
            values.put(Metric.SLEEP_EFFICIENCY_PCT, 100.0 * main.totalSleepMinutes() / timeInBed);
        }
        putIfPresent(values, Metric.SLEEP_LATENCY_MINUTES, main.sleepLatencyMinutes());
        putIfPresent(values, Metric.WASO_MINUTES, main.wasoMinutes());
        putIfPresent(
                values,
                Metric.AWAKENINGS,
                main.awakenings() == null ? null : main.awakenings().doubleValue());
        putIfPresent(values, Metric.DEEP_MINUTES, main.deepMinutes());
        putIfPresent(values, Metric.REM_MINUTES, main.remMinutes());
        putIfPresent(values, Metric.RESTING_HEART_RATE_BPM, main.restingHeartRateBpm());
        putIfPresent(values, Metric.HRV_RMSSD_MS, main.hrvRmssdMs());
        return new NightValues(main.night(), main.sleepStart(), main.source(), values);
    }

    private static void putIfPresent(Map<Metric, Double> values, Metric metric, Double value) {
        if (value != null) {
            values.put(metric, value);
        }
    }
}
