package org.sleepdelta.cli.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.simulator.GroundTruth;
import org.sleepdelta.simulator.NightEffect;

/**
 * What the demo's table shows, from the {@code sleep_change} rows the Cohort dashboard reads: per modality and
 * window, the mean measured change of total sleep and sleep latency next to the change the simulator actually put
 * into those same windows (its noise-free effect on the post nights minus that on the baseline nights: with weekly
 * sessions a baseline can already carry an earlier session's effect).
 */
public final class CohortSummary {
    public record Row(
            Modality modality,
            MetricWindow window,
            Estimate totalSleep,
            double expectedTotalSleep,
            Estimate latency,
            double expectedLatency,
            double meaningfulShare) {
        public boolean recovered() {
            return totalSleep.n() == 0 || totalSleep.contains(expectedTotalSleep);
        }

        /** A clustered interval needs sessions from at least two clients; with one there is nothing to judge. */
        public boolean judgeable() {
            return totalSleep.clusters() >= 2;
        }
    }

    private CohortSummary() {}

    public static List<Row> compute(Collection<SessionChange> rows, GroundTruth truth) {
        Map<Modality, Map<MetricWindow, List<SessionChange>>> groups = new EnumMap<>(Modality.class);
        for (SessionChange row : rows) {
            groups.computeIfAbsent(row.modality(), k -> new EnumMap<>(MetricWindow.class))
                    .computeIfAbsent(row.window(), k -> new ArrayList<>())
                    .add(row);
        }
        List<Row> result = new ArrayList<>();
        groups.forEach((modality, byWindow) -> byWindow.forEach((window, group) -> {
            List<Estimate.Sample> tst = new ArrayList<>();
            List<Estimate.Sample> tstTruth = new ArrayList<>();
            List<Estimate.Sample> sol = new ArrayList<>();
            List<Estimate.Sample> solTruth = new ArrayList<>();
            int judged = 0;
            int improved = 0;
            for (SessionChange row : group) {
                String client = row.clinicId() + "/" + row.clientId();
                NightEffect expected = expectedChange(truth, row);
                if (row.totalSleepDelta() != null) {
                    tst.add(new Estimate.Sample(client, row.totalSleepDelta()));
                    tstTruth.add(new Estimate.Sample(client, expected.totalSleepMinutes()));
                    // as the dashboard counts it: a share of the windows that were judged at all
                    judged += row.totalSleepMeaningful() != null ? 1 : 0;
                    improved += Boolean.TRUE.equals(row.totalSleepMeaningful()) ? 1 : 0;
                }
                if (row.latencyDelta() != null) {
                    sol.add(new Estimate.Sample(client, row.latencyDelta()));
                    solTruth.add(new Estimate.Sample(client, expected.sleepLatencyMinutes()));
                }
            }
            result.add(new Row(
                    modality,
                    window,
                    Estimate.of(tst),
                    mean(tstTruth),
                    Estimate.of(sol),
                    mean(solTruth),
                    judged == 0 ? Double.NaN : (double) improved / judged));
        }));
        return result;
    }

    private static NightEffect expectedChange(GroundTruth truth, SessionChange row) {
        NightEffect post = truth.meanEffect(row.clinicId(), row.clientId(), row.windowStart(), row.windowEnd());
        NightEffect baseline = truth.meanEffect(row.clinicId(), row.clientId(), row.baselineStart(), row.baselineEnd());
        return post.minus(baseline);
    }

    private static double mean(List<Estimate.Sample> samples) {
        ToDoubleFunction<Estimate.Sample> value = Estimate.Sample::value;
        return samples.isEmpty()
                ? Double.NaN
                : samples.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
}
