package org.sleepdelta.metric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.simulator.ClientTruth;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.GroundTruth;
import org.sleepdelta.simulator.ScheduledSession;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;

/**
 * A simulated cohort run through {@link BatchComputation}, with each complete window's total-sleep statistics set
 * beside the simulator's truth: what a test needs to judge whether the intervals and flags are honest.
 */
final class CohortOutcomes {
    /** One window's total-sleep result and the truth behind it. */
    record Outcome(SleepChangeMetric metric, ClientTruth client, double trueChange, double trueAdjustedChange) {
        MetricWindow window() {
            return metric.getWindow();
        }

        /** Total sleep: the metric the simulator's effects, autocorrelation and hard cases act on. */
        MetricStats stats() {
            return metric.getMetrics().getTotalSleepMinutes();
        }

        MetricStats stats(String metricName) {
            return (MetricStats) metric.getMetrics().get(metricName);
        }

        boolean covers() {
            MetricStats stats = stats();
            return stats.getCiLow() != null && stats.getCiLow() <= trueChange && trueChange <= stats.getCiHigh();
        }

        boolean adjustedCovers() {
            MetricStats stats = stats();
            return stats.getAdjustedCiLow() != null
                    && stats.getAdjustedCiLow() <= trueAdjustedChange
                    && trueAdjustedChange <= stats.getAdjustedCiHigh();
        }
    }

    final List<Outcome> outcomes = new ArrayList<>();

    /** Complete windows whose total-sleep change (plain or adjusted) is defined; truth = the sessions' effects. */
    static CohortOutcomes of(SimulationConfig config) {
        Simulation simulation = CohortSimulator.simulate(config);
        Map<MetricKey, SleepChangeMetric> out = BatchComputation.compute(
                simulation.sleepRecords(), simulation.massageSessions(), MetricSettings.defaults());
        GroundTruth truth = simulation.groundTruth();
        CohortOutcomes outcomes = new CohortOutcomes();
        for (SleepChangeMetric m : out.values()) {
            MetricStats tst = m.getMetrics().getTotalSleepMinutes();
            if (!m.getComplete() || tst.getDelta() == null && tst.getAdjustedDelta() == null) {
                continue;
            }
            ClientTruth client = truth.client(m.getClinicId(), m.getClientId());
            double post = truth.meanEffect(m.getClinicId(), m.getClientId(), m.getWindowStart(), m.getWindowEnd())
                    .totalSleepMinutes();
            double baseline = truth.meanEffect(
                            m.getClinicId(), m.getClientId(), m.getBaselineStart(), m.getBaselineEnd())
                    .totalSleepMinutes();
            outcomes.outcomes.add(
                    new Outcome(m, client, post - baseline, post - meanEffectOnReferenceNights(truth, client, m)));
        }
        return outcomes;
    }

    /** The true effect averaged over the nights the definition uses as reference (other sessions' weeks left out). */
    private static double meanEffectOnReferenceNights(GroundTruth truth, ClientTruth client, SleepChangeMetric m) {
        List<LocalDate> others = client.sessions().stream()
                .filter(ScheduledSession::completed)
                .filter(s -> !s.sessionId().equals(m.getSessionId()))
                .map(ScheduledSession::firstNight)
                .toList();
        LocalDate start = m.getReferenceStart();
        LocalDate end = m.getReferenceEnd();
        ReferenceNights reference = new ReferenceNights(start, end, others);
        double sum = 0;
        int n = 0;
        for (LocalDate night = start; !night.isAfter(end); night = night.plusDays(1)) {
            if (reference.includes(night)) {
                sum += truth.effectOn(m.getClinicId(), m.getClientId(), night).totalSleepMinutes();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    List<Outcome> where(Predicate<Outcome> filter) {
        return outcomes.stream().filter(filter).toList();
    }

    static double share(List<Outcome> outcomes, Predicate<Outcome> property) {
        return (double) outcomes.stream().filter(property).count() / outcomes.size();
    }

    static double mean(List<Outcome> outcomes, ToDoubleFunction<Outcome> value) {
        return outcomes.stream().mapToDouble(value).average().orElseThrow();
    }
}
