package org.sleepdelta.cli.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.simulator.GroundTruth;
import org.sleepdelta.simulator.NightEffect;

/**
 * What the demo's table shows, from the {@code sleep_change} rows the Cohort dashboard reads: per modality and
 * window, the mean measured change of total sleep and sleep latency next to the change the simulator actually put
 * into those same windows (its noise-free effect on the post nights minus that on the baseline nights: with weekly
 * sessions a baseline can already carry an earlier session's effect), and for total sleep what metric definition 2
 * adds: the windows' own intervals, the change against the reference nights, and the share flagged meaningful.
 */
public final class CohortSummary {
    /**
     * One modality and window.
     *
     * @param halfWidth mean half-width of the windows' own 95% intervals of the total-sleep change (NaN: none)
     * @param adjustedTotalSleep mean total-sleep change against the reference nights (NaN: none)
     * @param judged windows with a total-sleep change judged meaningful or not by definition 2
     * @param meaningful of those, the windows flagged meaningful (reliable and over the threshold)
     * @param thresholdShare share of windows whose change meets the threshold alone, the old definition (NaN: none)
     */
    public record Row(
            Modality modality,
            MetricWindow window,
            Estimate totalSleep,
            double expectedTotalSleep,
            Estimate latency,
            double expectedLatency,
            double halfWidth,
            double adjustedTotalSleep,
            int judged,
            int meaningful,
            double thresholdShare) {
        public boolean recovered() {
            return totalSleep.n() == 0 || totalSleep.contains(expectedTotalSleep);
        }

        /** A clustered interval needs sessions from at least two clients; with one there is nothing to judge. */
        public boolean judgeable() {
            return totalSleep.clusters() >= 2;
        }

        /** Share of the judged windows flagged meaningful under definition 2 (NaN: none judged). */
        public double meaningfulShare() {
            return judged == 0 ? Double.NaN : (double) meaningful / judged;
        }
    }

    /** The change the simulator put into a row's window: its effect on the post nights minus the baseline's. */
    @FunctionalInterface
    public interface Truth {
        NightEffect expectedChange(SessionChange row);
    }

    private CohortSummary() {}

    public static List<Row> compute(Collection<SessionChange> rows, GroundTruth truth) {
        return compute(rows, row -> expectedChange(truth, row));
    }

    public static List<Row> compute(Collection<SessionChange> rows, Truth truth) {
        Map<Modality, Map<MetricWindow, List<SessionChange>>> groups = new EnumMap<>(Modality.class);
        for (SessionChange row : rows) {
            groups.computeIfAbsent(row.modality(), k -> new EnumMap<>(MetricWindow.class))
                    .computeIfAbsent(row.window(), k -> new ArrayList<>())
                    .add(row);
        }
        List<Row> result = new ArrayList<>();
        groups.forEach((modality, byWindow) -> byWindow.forEach((window, group) -> {
            List<Estimate.Sample> tst = new ArrayList<>();
            List<Double> tstTruth = new ArrayList<>();
            List<Estimate.Sample> sol = new ArrayList<>();
            List<Double> solTruth = new ArrayList<>();
            List<Double> halfWidths = new ArrayList<>();
            List<Double> adjusted = new ArrayList<>();
            int judged = 0;
            int improved = 0;
            int thresholdJudged = 0;
            int overThreshold = 0;
            for (SessionChange row : group) {
                String client = row.clinicId() + "/" + row.clientId();
                NightEffect expected = truth.expectedChange(row);
                if (row.totalSleepDelta() != null) {
                    tst.add(new Estimate.Sample(client, row.totalSleepDelta()));
                    tstTruth.add(expected.totalSleepMinutes());
                    // as the dashboard counts them: shares of the windows that were judged at all
                    Boolean meaningful = row.totalSleepMeaningfulV2();
                    judged += meaningful != null ? 1 : 0;
                    improved += Boolean.TRUE.equals(meaningful) ? 1 : 0;
                    thresholdJudged += row.totalSleepMeetsThreshold() != null ? 1 : 0;
                    overThreshold += Boolean.TRUE.equals(row.totalSleepMeetsThreshold()) ? 1 : 0;
                    if (row.totalSleepCiLow() != null && row.totalSleepCiHigh() != null) {
                        halfWidths.add((row.totalSleepCiHigh() - row.totalSleepCiLow()) / 2);
                    }
                    if (row.totalSleepAdjustedDelta() != null) {
                        adjusted.add(row.totalSleepAdjustedDelta());
                    }
                }
                if (row.latencyDelta() != null) {
                    sol.add(new Estimate.Sample(client, row.latencyDelta()));
                    solTruth.add(expected.sleepLatencyMinutes());
                }
            }
            result.add(new Row(
                    modality,
                    window,
                    Estimate.of(tst),
                    mean(tstTruth),
                    Estimate.of(sol),
                    mean(solTruth),
                    mean(halfWidths),
                    mean(adjusted),
                    judged,
                    improved,
                    thresholdJudged == 0 ? Double.NaN : (double) overThreshold / thresholdJudged));
        }));
        return result;
    }

    private static NightEffect expectedChange(GroundTruth truth, SessionChange row) {
        NightEffect post = truth.meanEffect(row.clinicId(), row.clientId(), row.windowStart(), row.windowEnd());
        NightEffect baseline = truth.meanEffect(row.clinicId(), row.clientId(), row.baselineStart(), row.baselineEnd());
        return post.minus(baseline);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
