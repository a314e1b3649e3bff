package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.NightEffect;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;
import org.sleepdelta.simulator.TrueEffect;

/**
 * The demo compares measured changes with the simulator's truth; this proves the comparison is fair. The same
 * cohort is simulated with and without effects (identical noise), so the difference of the two measured deltas
 * is the measured effect with the noise cancelled: per modality it must equal the injected change.
 */
class SimulatedEffectRecoveryTest {

    @Test
    void noiseCancelledWeekOneDeltaEqualsTheInjectedChangeForEveryModality() {
        SimulationConfig withEffects = SimulationConfig.builder(LocalDate.of(2026, 6, 30))
                .clients(120)
                .nights(90)
                .build();
        Map<Modality, TrueEffect> none = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            none.put(m, TrueEffect.NONE);
        }
        Simulation treated = CohortSimulator.simulate(withEffects);
        Simulation untreated =
                CohortSimulator.simulate(withEffects.toBuilder().effects(none).build());
        Map<MetricKey, SleepChangeMetric> measured = measure(treated);
        Map<MetricKey, SleepChangeMetric> placebo = measure(untreated);

        Map<Modality, double[]> sums = new EnumMap<>(Modality.class);
        measured.forEach((key, m) -> {
            Double delta = m.getMetrics().getTotalSleepMinutes().getDelta();
            SleepChangeMetric same = placebo.get(key);
            if (m.getWindow() != MetricWindow.WEEK_1
                    || delta == null
                    || same == null
                    || same.getMetrics().getTotalSleepMinutes().getDelta() == null) {
                return;
            }
            NightEffect post = treated.groundTruth()
                    .meanEffect(m.getClinicId(), m.getClientId(), m.getWindowStart(), m.getWindowEnd());
            NightEffect base = treated.groundTruth()
                    .meanEffect(m.getClinicId(), m.getClientId(), m.getBaselineStart(), m.getBaselineEnd());
            double[] s = sums.computeIfAbsent(m.getModality(), k -> new double[3]);
            s[0] += delta - same.getMetrics().getTotalSleepMinutes().getDelta();
            s[1] += post.minus(base).totalSleepMinutes();
            s[2]++;
        });

        assertThat(sums).hasSize(Modality.values().length);
        sums.forEach(
                (modality, s) -> assertThat(s[0] / s[2]).as(modality.name()).isCloseTo(s[1] / s[2], within(0.5)));
        assertThat(sums.get(Modality.SWEDISH)[1] / sums.get(Modality.SWEDISH)[2])
                .as("SWEDISH effect is visible")
                .isGreaterThan(5);
    }

    private static Map<MetricKey, SleepChangeMetric> measure(Simulation simulation) {
        return BatchComputation.compute(
                simulation.sleepRecords(), simulation.massageSessions(), MetricSettings.defaults());
    }
}
