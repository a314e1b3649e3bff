package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void logNormalKeepsTheRequestedMeanSoShiftingTheMeanShiftsValuesByExactlyThatMuch() {
        Rng rng = Rng.stream(1, 2, 3);
        double sum = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            sum += rng.logNormalWithMean(12.0, 0.5);
        }
        assertThat(sum / n).isCloseTo(12.0, within(0.1));
    }

    @Test
    void gaussianHasUnitVarianceAndStreamsAreReproducible() {
        Rng rng = Rng.stream(9, 0, 0);
        double sum = 0;
        double squares = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            double z = rng.gaussian();
            sum += z;
            squares += z * z;
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(squares / n).isCloseTo(1, within(0.01));
        assertThat(Rng.stream(5, 6, 7).nextLong())
                .isEqualTo(Rng.stream(5, 6, 7).nextLong())
                .isNotEqualTo(Rng.stream(5, 7, 7).nextLong());
    }
}
