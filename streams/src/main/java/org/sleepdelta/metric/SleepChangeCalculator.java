package org.sleepdelta.metric;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.sleepdelta.avro.SleepSource;

/** Compares one window's post nights with its baseline nights, metric by metric. Pure: same input, same output. */
public final class SleepChangeCalculator {
    /** {@code Metric.values()} copies its array on every call; this runs for every window of every input. */
    private static final Metric[] METRICS = Metric.values();

    private SleepChangeCalculator() {}

    /**
     * @param reference   the window's reference nights (see {@link ReferenceNights})
     * @param mainSleeps  the client's main sleep per night, covering at least [referenceStart, postEnd]
     * @param latestNight the latest night of any sleep record received for the client (its data clock)
     */
    public static SleepChange compute(
            WindowSpec spec,
            ReferenceNights reference,
            NavigableMap<LocalDate, NightValues> mainSleeps,
            LocalDate latestNight,
            int lateGraceDays) {
        NavigableMap<LocalDate, NightValues> postRange =
                mainSleeps.subMap(spec.postStart(), true, spec.postEnd(), true);
        // Plain loops over lists taken once: this runs for every window of every input record, and per-metric
        // stream pipelines over the sub-maps were a visible share of the topology's CPU time. Same nights, same order.
        List<NightValues> baseNights = new ArrayList<>(mainSleeps
                .subMap(spec.baselineStart(), true, spec.baselineEnd(), true)
                .values());
        List<NightValues> postNights = new ArrayList<>(postRange.size());
        for (NightValues n : postRange.values()) {
            if (countsAsPost(spec, n)) {
                postNights.add(n);
            }
        }
        List<NightValues> referenceNights = new ArrayList<>();
        for (NightValues n : mainSleeps
                .subMap(reference.start(), true, reference.end(), true)
                .values()) {
            if (reference.includes(n.night())) {
                referenceNights.add(n);
            }
        }
        Map<Metric, Stats> metrics = new EnumMap<>(Metric.class);
        long[] baseDays = epochDays(baseNights);
        long[] postDays = epochDays(postNights);
        long[] referenceDays = epochDays(referenceNights);
        for (Metric metric : METRICS) {
            metrics.put(
                    metric,
                    Stats.of(
                            metric,
                            seriesOf(baseNights, baseDays, metric),
                            seriesOf(postNights, postDays, metric),
                            seriesOf(referenceNights, referenceDays, metric),
                            spec.minPostNights()));
        }
        return new SleepChange(
                spec,
                metrics,
                complete(spec, postRange, latestNight, lateGraceDays),
                mixedSources(baseNights, postNights));
    }

    private static long[] epochDays(List<NightValues> nights) {
        long[] days = new long[nights.size()];
        for (int i = 0; i < days.length; i++) {
            days[i] = nights.get(i).night().toEpochDay();
        }
        return days;
    }

    /**
     * The metric's value on each night that has one, in the nights' order; {@code days} are the nights' epoch days,
     * computed once for all metrics, and shared when every night has the value (a series is never changed).
     */
    private static NightSeries seriesOf(List<NightValues> nights, long[] days, Metric metric) {
        double[] values = new double[nights.size()];
        long[] valueDays = days;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            Double value = nights.get(i).values().get(metric);
            if (value == null) {
                if (valueDays == days) {
                    valueDays = Arrays.copyOf(days, days.length);
                }
                continue;
            }
            valueDays[count] = days[i];
            values[count++] = value;
        }
        return count == values.length
                ? new NightSeries(days, values)
                : new NightSeries(Arrays.copyOf(valueDays, count), Arrays.copyOf(values, count));
    }

    /** Whether the compared nights were recorded by more than one source: their values may not be comparable. */
    static boolean mixedSources(List<NightValues> baseNights, List<NightValues> postNights) {
        SleepSource first = null;
        for (List<NightValues> nights : List.of(baseNights, postNights)) {
            for (NightValues n : nights) {
                if (first == null) {
                    first = n.source();
                } else if (n.source() != first) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Night N0 is a post night only when its main sleep began once the session was over. */
    static boolean countsAsPost(WindowSpec spec, NightValues night) {
        return spec.sessionEnd() == null
                || !night.night().equals(spec.firstNight())
                || !night.mainSleepStart().isBefore(spec.sessionEnd());
    }

    /**
     * Final when every post night has a main sleep, or the client's own data has moved on more than
     * {@code lateGraceDays} past the window. Measured on the client's data clock, not the wall clock,
     * so that replaying history gives the same answer as watching it happen.
     */
    static boolean complete(
            WindowSpec spec, NavigableMap<LocalDate, NightValues> postRange, LocalDate latestNight, int lateGraceDays) {
        long nights = ChronoUnit.DAYS.between(spec.postStart(), spec.postEnd()) + 1;
        if (postRange.size() == nights) {
            return true;
        }
        return latestNight != null && ChronoUnit.DAYS.between(spec.postEnd(), latestNight) > lateGraceDays;
    }
}
