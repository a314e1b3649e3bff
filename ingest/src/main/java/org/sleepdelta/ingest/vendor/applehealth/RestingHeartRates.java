package org.sleepdelta.ingest.vendor.applehealth;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code HKQuantityTypeIdentifierRestingHeartRate} samples by local day and source: one number per day and source,
 * so a few kilobytes per year of export, kept for the whole parse because Apple writes quantity types in other parts
 * of the file than sleep.
 */
final class RestingHeartRates {
    private final Map<LocalDate, Map<String, Double>> byDay = new HashMap<>();

    void add(LocalDate day, String sourceName, double bpm) {
        byDay.computeIfAbsent(day, d -> new HashMap<>(2)).merge(sourceName, bpm, Math::min);
    }

    /**
     * The resting heart rate of the day the client woke up: the sleep source's own if it has one, otherwise the
     * lowest any source reported that day; null when there is none.
     */
    Double forWakeDay(LocalDate day, String sleepSource) {
        Map<String, Double> sources = byDay.get(day);
        if (sources == null || sources.isEmpty()) {
            return null;
        }
        Double own = sources.get(sleepSource);
        return own != null
                ? own
                : sources.values().stream().min(Double::compare).orElseThrow();
    }
}
