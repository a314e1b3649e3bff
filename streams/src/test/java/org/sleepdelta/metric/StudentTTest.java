package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tabulated t quantile: exact on its grid, never narrower than the exact quantile, and close to it. */
class StudentTTest {
    private static double exact(double degreesOfFreedom) {
        return new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.975);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 1.0009765625, 2, 3.9990234375, 4, 12.5, 40, 63.984375, 64, 90})
    void onTheGridItIsTheExactQuantile(double degreesOfFreedom) {
        assertThat(StudentT.quantile975(degreesOfFreedom)).isCloseTo(exact(degreesOfFreedom), within(1e-12));
    }

    @Test
    void betweenGridPointsItIsSlightlyWiderNeverNarrower() {
        for (double df = 1; df < 80; df += 0.0137) {
            double tabulated = StudentT.quantile975(df);
            assertThat(tabulated).as("df %s", df).isGreaterThanOrEqualTo(exact(df) - 1e-12);
            assertThat(tabulated / exact(df)).as("df %s", df).isLessThan(1.003);
        }
        assertThat(StudentT.quantile975(1)).isCloseTo(12.7062047, within(1e-6));
        assertThat(StudentT.quantile975(30)).isCloseTo(2.0422725, within(1e-6));
    }

    @Test
    void belowOneDegreeOfFreedomIsAnError() {
        assertThatThrownBy(() -> StudentT.quantile975(0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StudentT.quantile975(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
