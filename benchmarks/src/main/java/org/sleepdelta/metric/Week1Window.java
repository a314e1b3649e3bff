package org.sleepdelta.metric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.benchmarks.SimulatedCohort;

/**
 * One WEEK_1 window of a simulated client, with what the topology hands {@link SleepChangeCalculator#compute} for it:
 * the client's main sleeps on the ~70 nights around the window, its reference nights and its data clock.
 */
record Week1Window(
        WindowSpec spec,
        ReferenceNights reference,
        NavigableMap<LocalDate, NightValues> mainSleeps,
        LocalDate latestNight) {

    /** Main sleeps kept on each side of [referenceStart, postEnd] (49 nights): 69 nights in all. */
    private static final int MARGIN_NIGHTS = 10;

    /** Series of one metric on the window's baseline, post and reference nights, in night order. */
    record Series(NightSeries baseline, NightSeries post, NightSeries reference) {}

    /** The {@code count} windows of the cohort with the most measured nights, fewest gaps first. */
    static List<Week1Window> mostMeasured(SimulatedCohort cohort, int count) {
        SourcePriority priority = SourcePriority.defaultOrder();
        Map<String, List<SleepRecord>> recordsByClient = new HashMap<>();
        for (SleepRecord r : cohort.liveSleepRecords()) {
            recordsByClient
                    .computeIfAbsent(r.getClinicId() + "/" + r.getClientId(), k -> new ArrayList<>())
                    .add(r);
        }
        Map<String, Map<String, MassageSession>> sessionsByClient = new LinkedHashMap<>();
        for (MassageSession s : cohort.sessions()) {
            sessionsByClient
                    .computeIfAbsent(s.getClinicId() + "/" + s.getClientId(), k -> new LinkedHashMap<>())
                    .put(s.getSessionId(), s);
        }
        List<Week1Window> windows = new ArrayList<>();
        sessionsByClient.forEach((client, sessions) -> {
            NavigableMap<LocalDate, NightValues> all =
                    BatchComputation.mainSleeps(recordsByClient.getOrDefault(client, List.of()), priority);
            if (!all.isEmpty()) {
                windows.addAll(windowsOf(completed(sessions.values()), all));
            }
        });
        return windows.stream()
                .sorted(Comparator.comparingInt((Week1Window w) -> -w.measuredNights())
                        .thenComparing(w -> w.spec().sessionId()))
                .limit(count)
                .toList();
    }

    private static List<SessionFacts> completed(Collection<MassageSession> latestVersions) {
        return latestVersions.stream()
                .filter(s -> s.getStatus() == SessionStatus.COMPLETED)
                .map(SessionFacts::of)
                .sorted(SessionFacts.BY_START)
                .toList();
    }

    private static List<Week1Window> windowsOf(
            List<SessionFacts> completed, NavigableMap<LocalDate, NightValues> mainSleeps) {
        List<Week1Window> windows = new ArrayList<>();
        for (SessionFacts session : completed) {
            WindowSpec spec = WindowSpec.week1(session);
            LocalDate from = spec.referenceStart().minusDays(MARGIN_NIGHTS);
            LocalDate to = spec.postEnd().plusDays(MARGIN_NIGHTS);
            if (from.isBefore(mainSleeps.firstKey()) || to.isAfter(mainSleeps.lastKey())) {
                continue;
            }
            List<LocalDate> others = completed.stream()
                    .filter(s -> !s.sessionId().equals(session.sessionId()))
                    .map(SessionFacts::firstNight)
                    .toList();
            windows.add(new Week1Window(
                    spec,
                    ReferenceNights.of(spec, others),
                    new TreeMap<>(mainSleeps.subMap(from, true, to, true)),
                    mainSleeps.lastKey()));
        }
        return windows;
    }

    int measuredNights() {
        return mainSleeps
                .subMap(spec.referenceStart(), true, spec.postEnd(), true)
                .size();
    }

    Series series(Metric metric) {
        List<NightValues> baseline = new ArrayList<>(mainSleeps
                .subMap(spec.baselineStart(), true, spec.baselineEnd(), true)
                .values());
        List<NightValues> post = new ArrayList<>();
        for (NightValues n :
                mainSleeps.subMap(spec.postStart(), true, spec.postEnd(), true).values()) {
            if (SleepChangeCalculator.countsAsPost(spec, n)) {
                post.add(n);
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
        return new Series(seriesOf(baseline, metric), seriesOf(post, metric), seriesOf(referenceNights, metric));
    }

    private static NightSeries seriesOf(List<NightValues> nights, Metric metric) {
        List<NightValues> measured =
                nights.stream().filter(n -> n.values().get(metric) != null).toList();
        long[] days = new long[measured.size()];
        double[] values = new double[measured.size()];
        for (int i = 0; i < measured.size(); i++) {
            days[i] = measured.get(i).night().toEpochDay();
            values[i] = measured.get(i).values().get(metric);
        }
        return new NightSeries(days, values);
    }
}
