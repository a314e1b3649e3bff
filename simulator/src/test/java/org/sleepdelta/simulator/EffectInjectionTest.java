package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepRecord;

/**
 * Noise-free check of where and how much the effect is injected: the same seed with and without effects draws
 * the same noise, so record-by-record differences must equal the ground truth's shift.
 */
class EffectInjectionTest {

    @Test
    void effectsShiftExactlyTheNightsInsideCompletedSessionWindowsByTheGroundTruthAmount() {
        SimulationConfig withEffects = Cohorts.defaultConfig();
        EnumMap<Modality, TrueEffect> none = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            none.put(m, TrueEffect.NONE);
        }
        Simulation treated = CohortSimulator.simulate(withEffects);
        Simulation untreated =
                CohortSimulator.simulate(withEffects.toBuilder().effects(none).build());
        Map<String, SleepRecord> untreatedById = new HashMap<>();
        for (SimulatedEvent e : untreated.events()) {
            if (e.kind() == EventKind.SLEEP_RECORD) {
                untreatedById.put(FinalState.identity(e.sleepRecord()), e.sleepRecord());
            }
        }

        int shiftedNights = 0;
        double latencyShift = 0;
        double latencyTruth = 0;
        double wasoShift = 0;
        double wasoTruth = 0;
        for (SimulatedEvent e : treated.events()) {
            if (e.kind() != EventKind.SLEEP_RECORD || ContractRules.minutesInBed(e.sleepRecord()) < 150) {
                continue; // naps carry no effect and are checked below with everything else outside windows
            }
            SleepRecord t = e.sleepRecord();
            SleepRecord u = untreatedById.get(FinalState.identity(t));
            NightEffect truth = treated.effectOn(t.getClinicId(), t.getClientId(), ContractRules.nightOf(t));
            assertThat(t.getTotalSleepMinutes() - u.getTotalSleepMinutes())
                    .as(t.toString())
                    .isCloseTo(truth.totalSleepMinutes(), within(1.0)); // whole-minute rounding
            if (truth.isNone()) {
                assertThat(t).isEqualTo(u);
                continue;
            }
            shiftedNights++;
            if (t.getSleepLatencyMinutes() != null) {
                latencyShift += t.getSleepLatencyMinutes() - u.getSleepLatencyMinutes();
                latencyTruth += truth.sleepLatencyMinutes();
            }
            wasoShift += t.getWasoMinutes() - u.getWasoMinutes();
            wasoTruth += truth.wasoMinutes();
        }
        assertThat(shiftedNights).isGreaterThan(5000);
        // Latency and WASO scale multiplicatively around their mean, so the shift is exact only on average.
        assertThat(latencyShift / latencyTruth).isCloseTo(1.0, within(0.05));
        assertThat(wasoShift / wasoTruth).isCloseTo(1.0, within(0.05));
    }
}
