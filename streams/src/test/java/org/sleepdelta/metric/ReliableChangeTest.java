package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sleepdelta.metric.Fixtures.consecutive;

import org.junit.jupiter.api.Test;

/** Definitions 8-9: reliable and meaningful improvement, and the change against the reference nights. */
class ReliableChangeTest {
    /** Fourteen steady baseline nights, 400 and 404 alternating (mean 402): a change stands out clearly. */
    private static final NightSeries STEADY =
            consecutive(0, 400, 404, 400, 404, 400, 404, 400, 404, 400, 404, 400, 404, 400, 404);

    private static Stats stats(Metric metric, NightSeries baseline, NightSeries post, NightSeries reference) {
        return Stats.of(metric, baseline, post, reference, 3);
    }

    @Test
    void aChangePastTheThresholdThatNoiseCouldExplainMeetsTheThresholdButIsNotMeaningful() {
        Stats stats = Fixtures.stats(
                Metric.TOTAL_SLEEP_MINUTES, new double[] {400, 410, 420, 430, 440}, new double[] {450}, 1);
        assertThat(stats.delta()).isEqualTo(30.0);
        assertThat(stats.meetsThreshold()).isTrue();
        assertThat(stats.ciLow()).isNegative();
        assertThat(stats.reliableImprovement()).isFalse();
        assertThat(stats.meaningfulImprovement()).isFalse();
    }

    @Test
    void aClearRiseBeyondTheThresholdIsReliableAndMeaningful() {
        Stats stats =
                stats(Metric.TOTAL_SLEEP_MINUTES, STEADY, consecutive(14, 440, 444, 440, 444, 440), NightSeries.EMPTY);
        assertThat(stats.delta()).isCloseTo(39.6, within(1e-9));
        assertThat(stats.ciLow()).isPositive();
        assertThat(stats.ciHigh()).isGreaterThan(stats.delta());
        assertThat(stats.reliableImprovement()).isTrue();
        assertThat(stats.meetsThreshold()).isTrue();
        assertThat(stats.meaningfulImprovement()).isTrue();
    }

    @Test
    void aClearRiseBelowTheThresholdIsReliableButNotMeaningful() {
        Stats stats =
                stats(Metric.TOTAL_SLEEP_MINUTES, STEADY, consecutive(14, 410, 414, 410, 414, 410), NightSeries.EMPTY);
        assertThat(stats.reliableImprovement()).isTrue();
        assertThat(stats.meetsThreshold()).isFalse();
        assertThat(stats.meaningfulImprovement()).isFalse();
    }

    @Test
    void forLatencyAFallIsTheImprovingSide() {
        NightSeries baseline = consecutive(0, 40, 42, 40, 42, 40, 42, 40, 42, 40, 42, 40, 42, 40, 42);
        Stats fall = stats(Metric.SLEEP_LATENCY_MINUTES, baseline, consecutive(14, 15, 17, 15, 17), NightSeries.EMPTY);
        assertThat(fall.ciHigh()).isNegative();
        assertThat(fall.reliableImprovement()).isTrue();
        assertThat(fall.meaningfulImprovement()).isTrue();
        Stats rise = stats(Metric.SLEEP_LATENCY_MINUTES, baseline, consecutive(14, 65, 67, 65, 67), NightSeries.EMPTY);
        assertThat(rise.reliableImprovement()).isFalse();
        assertThat(rise.meaningfulImprovement()).isFalse();
    }

    @Test
    void metricsWithoutAnImprovingDirectionGetAnIntervalButNoVerdict() {
        Stats deep = stats(Metric.DEEP_MINUTES, STEADY, consecutive(14, 440, 444, 440), NightSeries.EMPTY);
        assertThat(deep.ciLow()).isPositive();
        assertThat(deep.reliableImprovement()).isNull();
        assertThat(deep.meetsThreshold()).isNull();
        assertThat(deep.meaningfulImprovement()).isNull();
        Stats heartRate =
                stats(Metric.RESTING_HEART_RATE_BPM, STEADY, consecutive(14, 380, 384, 380), NightSeries.EMPTY);
        assertThat(heartRate.reliableImprovement())
                .as("a lower resting heart rate")
                .isTrue();
        assertThat(heartRate.meaningfulImprovement()).as("no threshold").isNull();
    }

    @Test
    void theAdjustedChangeComparesThePostNightsWithTheReferenceNights() {
        NightSeries reference = consecutive(-42, 420, 424, 420, 424, 420, 424);
        Stats stats = stats(Metric.TOTAL_SLEEP_MINUTES, STEADY, consecutive(14, 440, 444, 440, 444, 440), reference);
        assertThat(stats.referenceN()).isEqualTo(6);
        assertThat(stats.referenceMean()).isEqualTo(422.0);
        assertThat(stats.adjustedDelta()).isCloseTo(441.6 - 422.0, within(1e-9));
        assertThat(stats.adjustedCiLow()).isLessThan(stats.adjustedDelta());
        assertThat(stats.adjustedCiHigh()).isGreaterThan(stats.adjustedDelta());
        assertThat(stats.delta()).as("the plain change is untouched").isCloseTo(39.6, within(1e-9));
    }

    @Test
    void theAdjustedChangeNeedsFiveReferenceNightsButNotTheBaseline() {
        NightSeries post = consecutive(14, 440, 444, 440);
        Stats fourReference = stats(Metric.TOTAL_SLEEP_MINUTES, STEADY, post, consecutive(-42, 420, 424, 420, 424));
        assertThat(fourReference.referenceN()).isEqualTo(4);
        assertThat(fourReference.adjustedDelta()).isNull();
        assertThat(fourReference.adjustedCiLow()).isNull();
        Stats noBaseline = stats(
                Metric.TOTAL_SLEEP_MINUTES, consecutive(10, 400, 404), post, consecutive(-42, 420, 424, 420, 424, 420));
        assertThat(noBaseline.delta()).isNull();
        assertThat(noBaseline.ciLow()).isNull();
        assertThat(noBaseline.adjustedDelta()).isNotNull();
        assertThat(noBaseline.autocorrelation()).isNotNull();
    }

    @Test
    void withoutAnyDefinedChangeThereIsNoAutocorrelationEither() {
        Stats stats = stats(Metric.TOTAL_SLEEP_MINUTES, STEADY, consecutive(14, 440), NightSeries.EMPTY);
        assertThat(stats.delta()).isNull();
        assertThat(stats.autocorrelation()).isNull();
    }
}
