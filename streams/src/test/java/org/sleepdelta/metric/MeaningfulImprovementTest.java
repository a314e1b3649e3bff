package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.metric.Metric.SLEEP_LATENCY_MINUTES;
import static org.sleepdelta.metric.Metric.TOTAL_SLEEP_MINUTES;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Definition 8: per metric, whether a defined delta meets the clinical threshold (with a 1e-9 tolerance). */
class MeaningfulImprovementTest {
    private static final double[] FIVE_BASELINE = {400, 410, 420, 430, 440};

    @ParameterizedTest(name = "{0} delta {1} -> {2}")
    @CsvSource({
        // total sleep must rise by at least 15 min
        "TOTAL_SLEEP_MINUTES, 15, true",
        "TOTAL_SLEEP_MINUTES, 14.9, false",
        "TOTAL_SLEEP_MINUTES, 45, true",
        "TOTAL_SLEEP_MINUTES, -30, false",
        // efficiency must rise by at least 10 points
        "SLEEP_EFFICIENCY_PCT, 10, true",
        "SLEEP_EFFICIENCY_PCT, 9.99, false",
        "SLEEP_EFFICIENCY_PCT, -12, false",
        // latency must fall by at least 20 min
        "SLEEP_LATENCY_MINUTES, -20, true",
        "SLEEP_LATENCY_MINUTES, -19.9, false",
        "SLEEP_LATENCY_MINUTES, -35, true",
        "SLEEP_LATENCY_MINUTES, 20, false",
        // WASO must fall by at least 20 min
        "WASO_MINUTES, -20, true",
        "WASO_MINUTES, -19.9, false",
        "WASO_MINUTES, 25, false",
        // awakenings must fall by at least 0.5
        "AWAKENINGS, -0.5, true",
        "AWAKENINGS, -0.4, false",
        "AWAKENINGS, -2, true",
        "AWAKENINGS, 0.5, false",
        // a zero change is never an improvement
        "TOTAL_SLEEP_MINUTES, 0, false",
        "SLEEP_LATENCY_MINUTES, 0, false",
    })
    void thresholdIsMetOrNot(Metric metric, double delta, boolean expected) {
        assertThat(metric.meetsThreshold(delta)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Metric.class,
            names = {"DEEP_MINUTES", "REM_MINUTES", "RESTING_HEART_RATE_BPM", "HRV_RMSSD_MS"})
    void metricsWithoutAThresholdHaveNoVerdictWhateverTheDelta(Metric metric) {
        assertThat(metric.meetsThreshold(1000)).isNull();
        assertThat(metric.meetsThreshold(-1000)).isNull();
        assertThat(metric.meetsThreshold(0)).isNull();
    }

    @Test
    void exactlyFiveMetricsHaveAThreshold() {
        EnumSet<Metric> withThreshold = EnumSet.noneOf(Metric.class);
        for (Metric m : Metric.values()) {
            if (m.meetsThreshold(0) != null) {
                withThreshold.add(m);
            }
        }
        assertThat(withThreshold)
                .containsExactlyInAnyOrder(
                        Metric.TOTAL_SLEEP_MINUTES,
                        Metric.SLEEP_EFFICIENCY_PCT,
                        Metric.SLEEP_LATENCY_MINUTES,
                        Metric.WASO_MINUTES,
                        Metric.AWAKENINGS);
    }

    @Test
    void aTotalSleepRiseOfExactlyFifteenThatFloatingPointRoundsBelowStillCounts() {
        // given baseline 404.1, 390.9, 447.7, 408.6, 392.7: sum 2044.0, mean 408.8; post night 423.8 = mean + 15
        Stats stats = Fixtures.stats(
                TOTAL_SLEEP_MINUTES, new double[] {404.1, 390.9, 447.7, 408.6, 392.7}, new double[] {423.8}, 1);
        // then the computed delta falls a rounding error short of 15, and the tolerance still counts it
        assertThat(stats.delta()).isLessThan(15.0).isGreaterThan(15.0 - 1e-9);
        assertThat(stats.meetsThreshold()).isTrue();
    }

    @Test
    void aLatencyFallOfExactlyTwentyThatFloatingPointRoundsAboveStillCounts() {
        // given baseline 31.7, 32.0, 32.3, 32.6, 32.9: mean 32.3; post night 12.3 = mean - 20
        Stats stats = Fixtures.stats(
                SLEEP_LATENCY_MINUTES, new double[] {31.7, 32.0, 32.3, 32.6, 32.9}, new double[] {12.3}, 1);
        assertThat(stats.delta()).isGreaterThan(-20.0).isLessThan(-20.0 + 1e-9);
        assertThat(stats.meetsThreshold()).isTrue();
    }

    @Test
    void theToleranceDoesNotSwallowARealShortfall() {
        assertThat(TOTAL_SLEEP_MINUTES.meetsThreshold(15 - 1e-6)).isFalse();
        assertThat(Metric.AWAKENINGS.meetsThreshold(-0.5 + 1e-6)).isFalse();
    }

    @Test
    void withoutADefinedDeltaThereIsNoVerdictEvenForAHugeImprovement() {
        // given four baseline nights only, and a post night two hours longer
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, new double[] {400, 400, 400, 400}, new double[] {520}, 1);
        assertThat(stats.meaningfulImprovement()).isNull();
    }

    @Test
    void aDefinedDeltaThatMissesTheThresholdIsFalseNotNull() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, new double[] {430}, 1);
        assertThat(stats.delta()).isEqualTo(10.0);
        assertThat(stats.meaningfulImprovement()).isFalse();
    }
}
