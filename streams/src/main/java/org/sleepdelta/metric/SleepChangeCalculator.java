package org.sleepdelta.metric;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;

/** Compares one window's post nights with its baseline nights, metric by metric. Pure: same input, same output. */
public final class SleepChangeCalculator {
    private SleepChangeCalculator() {}

    /**
     * @param mainSleeps  the client's main sleep per night, covering at least [baselineStart, postEnd]
     * @param latestNight the latest night of any sleep record received for the client (its data clock)
     */
    public static SleepChange compute(WindowSpec spec, NavigableMap<LocalDate, NightValues> mainSleeps,
                                      LocalDate latestNight, int lateGraceDays) {
        NavigableMap<LocalDate, NightValues> baseline = mainSleeps.subMap(spec.baselineStart(), true, spec.baselineEnd(), true);
        NavigableMap<LocalDate, NightValues> postRange = mainSleeps.subMap(spec.postStart(), true, spec.postEnd(), true);
        Map<Metric, Stats> metrics = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            double[] base = baseline.values().stream().filter(n -> n.values().containsKey(metric))
                    .mapToDouble(n -> n.values().get(metric)).toArray();
            double[] post = postRange.values().stream().filter(n -> countsAsPost(spec, n))
                    .filter(n -> n.values().containsKey(metric))
                    .mapToDouble(n -> n.values().get(metric)).toArray();
            metrics.put(metric, Stats.of(metric, base, post, spec.minPostNights()));
        }
        return new SleepChange(spec, metrics, complete(spec, postRange, latestNight, lateGraceDays));
    }

    /** Night N0 is a post night only when its main sleep began once the session was over. */
    static boolean countsAsPost(WindowSpec spec, NightValues night) {
        return spec.sessionEnd() == null || !night.night().equals(spec.firstNight())
                || !night.mainSleepStart().isBefore(spec.sessionEnd());
    }

    /**
     * Final when every post night has a main sleep, or the client's own data has moved on more than
     * {@code lateGraceDays} past the window. Measured on the client's data clock, not the wall clock,
     * so that replaying history gives the same answer as watching it happen.
     */
    static boolean complete(WindowSpec spec, NavigableMap<LocalDate, NightValues> postRange, LocalDate latestNight,
                            int lateGraceDays) {
        long nights = ChronoUnit.DAYS.between(spec.postStart(), spec.postEnd()) + 1;
        if (postRange.size() == nights) {
            return true;
        }
        return latestNight != null && ChronoUnit.DAYS.between(spec.postEnd(), latestNight) > lateGraceDays;
    }
}
