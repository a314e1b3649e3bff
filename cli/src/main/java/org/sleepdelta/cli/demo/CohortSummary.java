package org.sleepdelta.cli.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.ingest.simulator.GroundTruth;
import org.sleepdelta.ingest.simulator.NightEffect;

/**
 * What the demo's table shows: per modality and window, the mean measured change of total sleep and sleep latency
 * next to the change the simulator actually put into those same windows (its noise-free effect on the post nights
 * minus that on the baseline nights: with weekly sessions a baseline can already carry an earlier session's effect).
 */
public final class CohortSummary {
    public record Row(Modality modality, MetricWindow window, Estimate totalSleep, double expectedTotalSleep,
                      Estimate latency, double expectedLatency, double meaningfulShare) {
        public boolean recovered() {
            return totalSleep.n() == 0 || totalSleep.contains(expectedTotalSleep);
        }
    }

    private CohortSummary() {}

    public static List<Row> compute(Collection<SleepChangeMetric> metrics, GroundTruth truth) {
        Map<Modality, Map<MetricWindow, List<SleepChangeMetric>>> groups = new EnumMap<>(Modality.class);
        for (SleepChangeMetric m : metrics) {
            groups.computeIfAbsent(m.getModality(), k -> new EnumMap<>(MetricWindow.class))
                    .computeIfAbsent(m.getWindow(), k -> new ArrayList<>()).add(m);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((modality, byWindow) -> byWindow.forEach((window, group) -> {
            List<Estimate.Sample> tst = new ArrayList<>();
            List<Estimate.Sample> tstTruth = new ArrayList<>();
            List<Estimate.Sample> sol = new ArrayList<>();
            List<Estimate.Sample> solTruth = new ArrayList<>();
            int meaningful = 0;
            for (SleepChangeMetric m : group) {
                String client = m.getClinicId() + "/" + m.getClientId();
                NightEffect expected = expectedChange(truth, m);
                MetricStats total = m.getMetrics().getTotalSleepMinutes();
                if (total.getDelta() != null) {
                    tst.add(new Estimate.Sample(client, total.getDelta()));
                    tstTruth.add(new Estimate.Sample(client, expected.totalSleepMinutes()));
                    meaningful += Boolean.TRUE.equals(total.getMeaningfulImprovement()) ? 1 : 0;
                }
                MetricStats latency = m.getMetrics().getSleepLatencyMinutes();
                if (latency.getDelta() != null) {
                    sol.add(new Estimate.Sample(client, latency.getDelta()));
                    solTruth.add(new Estimate.Sample(client, expected.sleepLatencyMinutes()));
                }
            }
            rows.add(new Row(modality, window, Estimate.of(tst), mean(tstTruth), Estimate.of(sol), mean(solTruth),
                    tst.isEmpty() ? Double.NaN : (double) meaningful / tst.size()));
        }));
        return rows;
    }

    private static NightEffect expectedChange(GroundTruth truth, SleepChangeMetric m) {
        NightEffect post = truth.meanEffect(m.getClinicId(), m.getClientId(), m.getWindowStart(), m.getWindowEnd());
        NightEffect baseline = truth.meanEffect(m.getClinicId(), m.getClientId(), m.getBaselineStart(), m.getBaselineEnd());
        return post.minus(baseline);
    }

    private static double mean(List<Estimate.Sample> samples) {
        ToDoubleFunction<Estimate.Sample> value = Estimate.Sample::value;
        return samples.isEmpty() ? Double.NaN : samples.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
}
