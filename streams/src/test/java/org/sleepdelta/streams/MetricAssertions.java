package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.api.SoftAssertions;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.SleepChangeMetric;

/** Compares a metric's statistics with hand-computed values: doubles to 1e-9, nulls exactly. */
final class MetricAssertions {
    private static final double TOLERANCE = 1e-9;

    private MetricAssertions() {}

    /** Expected statistics of one metric; null where the definition leaves a value undefined. */
    record Expected(
            int baselineN,
            int postN,
            Double baselineMean,
            Double baselineSd,
            Double postMean,
            Double delta,
            Double pctChange,
            Double z,
            Boolean meetsThreshold) {

        /** Baseline and post described, but too few nights for an effect. */
        static Expected noEffect(int baselineN, int postN, Double baselineMean, Double baselineSd, Double postMean) {
            return new Expected(baselineN, postN, baselineMean, baselineSd, postMean, null, null, null, null);
        }

        static Expected nothing() {
            return noEffect(0, 0, null, null, null);
        }
    }

    static MetricStats stats(SleepChangeMetric metric, String name) {
        return (MetricStats) metric.getMetrics().get(name);
    }

    static void assertStats(SleepChangeMetric metric, String name, Expected expected) {
        MetricStats actual = stats(metric, name);
        assertThat(actual).as(name).isNotNull();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(actual.getBaselineN()).as(name + ".baselineN").isEqualTo(expected.baselineN());
        soft.assertThat(actual.getPostN()).as(name + ".postN").isEqualTo(expected.postN());
        number(soft, name + ".baselineMean", actual.getBaselineMean(), expected.baselineMean());
        number(soft, name + ".baselineSd", actual.getBaselineSd(), expected.baselineSd());
        number(soft, name + ".postMean", actual.getPostMean(), expected.postMean());
        number(soft, name + ".delta", actual.getDelta(), expected.delta());
        number(soft, name + ".pctChange", actual.getPctChange(), expected.pctChange());
        number(soft, name + ".z", actual.getZ(), expected.z());
        soft.assertThat(actual.getMeetsThreshold()).as(name + ".meetsThreshold").isEqualTo(expected.meetsThreshold());
        // meaningful = meets the threshold and reliably improved; the interval itself is checked in the metric tests
        soft.assertThat(actual.getMeaningfulImprovement())
                .as(name + ".meaningfulImprovement")
                .isEqualTo(
                        expected.meetsThreshold() == null
                                ? null
                                : expected.meetsThreshold() && Boolean.TRUE.equals(actual.getReliableImprovement()));
        soft.assertAll();
    }

    private static void number(SoftAssertions soft, String what, Double actual, Double expected) {
        if (expected == null) {
            soft.assertThat(actual).as(what).isNull();
        } else {
            soft.assertThat(actual).as(what).isNotNull();
            if (actual != null) {
                soft.assertThat(actual).as(what).isCloseTo(expected, within(TOLERANCE));
            }
        }
    }
}
