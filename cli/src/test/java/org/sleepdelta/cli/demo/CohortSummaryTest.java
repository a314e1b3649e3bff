package org.sleepdelta.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;

class CohortSummaryTest {
    private static final Simulation SIMULATION =
            CohortSimulator.simulate(SimulationConfig.builder(LocalDate.of(2026, 6, 30))
                    .clients(40)
                    .nights(70)
                    .build());

    @Test
    void meaningfulShareCountsOnlyJudgedWindowsAsTheCohortDashboardDoes() {
        List<SessionChange> rows = new ArrayList<>(rows(SIMULATION));
        SessionChange first = rows.stream()
                .filter(r -> r.modality() == Modality.SWEDISH
                        && r.window() == MetricWindow.WEEK_1
                        && r.totalSleepDelta() != null)
                .findFirst()
                .orElseThrow();
        // the same window twice more, by definition 2: judged improved, and with a delta but no verdict (as
        // without a baseline spread)
        rows.add(copy(first, Boolean.TRUE));
        rows.add(copy(first, null));
        List<SessionChange> group = rows.stream()
                .filter(r -> r.modality() == Modality.SWEDISH
                        && r.window() == MetricWindow.WEEK_1
                        && r.totalSleepDelta() != null)
                .toList();
        long judged =
                group.stream().filter(r -> r.totalSleepMeaningfulV2() != null).count();
        long improved = group.stream()
                .filter(r -> Boolean.TRUE.equals(r.totalSleepMeaningfulV2()))
                .count();

        CohortSummary.Row row =
                find(CohortSummary.compute(rows, SIMULATION.groundTruth()), Modality.SWEDISH, MetricWindow.WEEK_1);

        assertThat(judged).isLessThan(group.size());
        assertThat(row.totalSleep().n()).isEqualTo(group.size());
        assertThat(row.judged()).isEqualTo(judged);
        assertThat(row.meaningfulShare()).isCloseTo((double) improved / judged, within(1e-12));
    }

    @Test
    void theTruthColumnIsTheSimulatorsEffectOnTheSameWindowsMinusItsBaseline() {
        List<SessionChange> rows = rows(SIMULATION);
        CohortSummary.Row row =
                find(CohortSummary.compute(rows, SIMULATION.groundTruth()), Modality.SWEDISH, MetricWindow.WEEK_1);
        double expected = rows.stream()
                .filter(r -> r.modality() == Modality.SWEDISH
                        && r.window() == MetricWindow.WEEK_1
                        && r.totalSleepDelta() != null)
                .mapToDouble(r -> SIMULATION
                        .groundTruth()
                        .meanEffect(r.clinicId(), r.clientId(), r.windowStart(), r.windowEnd())
                        .minus(SIMULATION
                                .groundTruth()
                                .meanEffect(r.clinicId(), r.clientId(), r.baselineStart(), r.baselineEnd()))
                        .totalSleepMinutes())
                .average()
                .orElseThrow();
        assertThat(row.expectedTotalSleep()).isCloseTo(expected, within(1e-9)).isPositive();
    }

    /** The sleep_change rows of the batch definition, as the sink would write them. */
    static List<SessionChange> rows(Simulation simulation) {
        List<SessionChange> rows = new ArrayList<>();
        for (SleepChangeMetric m : BatchComputation.compute(
                        simulation.sleepRecords(), simulation.massageSessions(), MetricSettings.defaults())
                .values()) {
            rows.add(new SessionChange(
                    m.getClinicId(),
                    m.getClientId(),
                    m.getModality(),
                    m.getWindow(),
                    m.getWindowStart(),
                    m.getWindowEnd(),
                    m.getBaselineStart(),
                    m.getBaselineEnd(),
                    m.getMetrics().getTotalSleepMinutes().getDelta(),
                    m.getMetrics().getTotalSleepMinutes().getMeaningfulImprovement(),
                    m.getMetrics().getSleepLatencyMinutes().getDelta(),
                    m.getMetrics().getTotalSleepMinutes().getCiLow(),
                    m.getMetrics().getTotalSleepMinutes().getCiHigh(),
                    m.getMetrics().getTotalSleepMinutes().getMeetsThreshold(),
                    m.getMetrics().getTotalSleepMinutes().getAdjustedDelta(),
                    m.getDefinitionVersion()));
        }
        return rows;
    }

    private static SessionChange copy(SessionChange row, Boolean meaningful) {
        return new SessionChange(
                row.clinicId(),
                row.clientId(),
                row.modality(),
                row.window(),
                row.windowStart(),
                row.windowEnd(),
                row.baselineStart(),
                row.baselineEnd(),
                row.totalSleepDelta(),
                meaningful,
                row.latencyDelta(),
                row.totalSleepDelta() - 10,
                row.totalSleepDelta() + 10,
                meaningful,
                row.totalSleepDelta(),
                2);
    }

    private static CohortSummary.Row find(List<CohortSummary.Row> rows, Modality modality, MetricWindow window) {
        return rows.stream()
                .filter(r -> r.modality() == modality && r.window() == window)
                .findFirst()
                .orElseThrow();
    }
}
