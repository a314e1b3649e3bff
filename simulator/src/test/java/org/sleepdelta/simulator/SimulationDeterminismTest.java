package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;

class SimulationDeterminismTest {

    @Test
    void sameConfigProducesIdenticalEventsInIdenticalOrder() {
        Simulation first = CohortSimulator.simulate(Cohorts.defaultConfig());
        Simulation second = CohortSimulator.simulate(Cohorts.defaultConfig());

        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.counts()).isEqualTo(first.counts());
        assertThat(second.groundTruth().clients()).isEqualTo(first.groundTruth().clients());
    }

    @Test
    void differentSeedsProduceDifferentCohorts() {
        SimulationConfig other = Cohorts.defaultConfig().toBuilder().seed(7).build();

        assertThat(CohortSimulator.simulate(other).events())
                .isNotEqualTo(Cohorts.defaultCohort().events());
    }

    @Test
    void changingIrregularityRatesKeepsTheTrueNightsAndSessions() {
        // The demo may tune the mess of the data without moving the ground truth it reports.
        SimulationConfig clean = Cohorts.defaultConfig().toBuilder()
                .clients(40)
                .rates(SimulationRates.none()
                        .withCancellation(SimulationRates.defaults().cancellation()))
                .build();
        SimulationConfig messy =
                clean.toBuilder().rates(SimulationRates.defaults()).build();

        Simulation a = CohortSimulator.simulate(clean);
        Simulation b = CohortSimulator.simulate(messy);

        Map<String, SleepRecord> messyPrimary = primaryMainSleeps(b);
        Map<String, SleepRecord> cleanPrimary = primaryMainSleeps(a);
        assertThat(messyPrimary).isNotEmpty();
        assertThat(cleanPrimary.keySet()).containsAll(messyPrimary.keySet());
        messyPrimary.forEach((id, r) -> {
            SleepRecord c = cleanPrimary.get(id);
            assertThat(List.of(r.getSleepStart(), r.getSleepEnd(), r.getTotalSleepMinutes()))
                    .as(id)
                    .isEqualTo(List.of(c.getSleepStart(), c.getSleepEnd(), c.getTotalSleepMinutes()));
        });
        assertThat(b.groundTruth().clients().stream().map(ClientTruth::sessions).collect(Collectors.toList()))
                .isEqualTo(a.groundTruth().clients().stream()
                        .map(ClientTruth::sessions)
                        .collect(Collectors.toList()));
    }

    private static Map<String, SleepRecord> primaryMainSleeps(Simulation s) {
        Map<String, SleepRecord> out = new HashMap<>();
        for (SimulatedEvent e : s.events()) {
            if (e.kind() != EventKind.SLEEP_RECORD) {
                continue;
            }
            SleepRecord r = e.sleepRecord();
            ClientTruth t = s.groundTruth().client(r.getClinicId(), r.getClientId());
            if (r.getSource() == t.primarySource()
                    && !Boolean.FALSE.equals(r.getMainSleep())
                    && ContractRules.minutesInBed(r) > 150) {
                out.put(FinalState.identity(r), r);
            }
        }
        return out;
    }
}
