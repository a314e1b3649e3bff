package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sleepdelta.metric.Fixtures.consecutive;

import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Definition 7: the interval of a change, and the lag-1 autocorrelation it is computed with. */
class ChangeUncertaintyTest {
    private static final NightSeries FIVE_BASELINE = consecutive(0, 400, 410, 420, 430, 440);

    /** The exact quantile at the degrees of freedom the definition uses: rounded down to its grid (see StudentT). */
    private static double t975(double degreesOfFreedom) {
        double steps = degreesOfFreedom < 4 ? 1024 : 64;
        double onGrid = degreesOfFreedom < 4
                ? 1 + Math.floor((degreesOfFreedom - 1) * steps) / steps
                : 4 + Math.floor((degreesOfFreedom - 4) * steps) / steps;
        return new TDistribution(onGrid).inverseCumulativeProbability(0.975);
    }

    @Nested
    class WithIndependentNights {
        @Test
        void oneLaterNightGetsTheClassicPredictionInterval() {
            // baseline mean 420, SS 1000, s^2 = 250; one post night 450: 30 +- t(4) * sqrt(250 * (1 + 1/5))
            Interval interval = ChangeUncertainty.interval(FIVE_BASELINE, consecutive(5, 450), 30, 0);
            double half = t975(4) * Math.sqrt(250 * 1.2);
            assertThat(half).isCloseTo(48.09, within(0.01));
            assertThat(interval.low()).isCloseTo(30 - half, within(1e-9));
            assertThat(interval.high()).isCloseTo(30 + half, within(1e-9));
        }

        @Test
        void severalPostNightsGetThePooledTwoSampleInterval() {
            // post 440, 460, 480: mean 460, SS 800; pooled s^2 = (1000 + 800) / (4 + 2) = 300
            Interval interval = ChangeUncertainty.interval(FIVE_BASELINE, consecutive(5, 440, 460, 480), 40, 0);
            double half = t975(6) * Math.sqrt(300 * (1.0 / 5 + 1.0 / 3));
            assertThat(interval.low()).isCloseTo(40 - half, within(1e-9));
            assertThat(interval.high()).isCloseTo(40 + half, within(1e-9));
        }

        @Test
        void nightsWithoutAnySpreadGiveNoIntervalRatherThanAFalseCertainty() {
            NightSeries flat = consecutive(0, 2, 2, 2, 2, 2);
            assertThat(ChangeUncertainty.interval(flat, consecutive(5, 3), 1, 0))
                    .isNull();
        }
    }

    @Nested
    class WithCorrelatedNights {
        /** Var(mean(post) - mean(comparison)) / sigma^2 as a quadratic form over the AR(1) correlation matrix. */
        private double varianceFactor(NightSeries a, NightSeries p, double rho) {
            int k = a.size();
            int m = p.size();
            long[] days = new long[k + m];
            double[] weights = new double[k + m];
            for (int i = 0; i < k; i++) {
                days[i] = a.days()[i];
                weights[i] = -1.0 / k;
            }
            for (int j = 0; j < m; j++) {
                days[k + j] = p.days()[j];
                weights[k + j] = 1.0 / m;
            }
            double sum = 0;
            for (int i = 0; i < days.length; i++) {
                for (int j = 0; j < days.length; j++) {
                    sum += weights[i] * weights[j] * Math.pow(rho, Math.abs(days[i] - days[j]));
                }
            }
            return sum;
        }

        @ParameterizedTest(name = "rho {0}")
        @CsvSource({"0.2", "0.4", "0.7"})
        void theWidthFollowsTheAr1CovarianceOfTheActualNightsGapsIncluded(double rho) {
            NightSeries baseline = new NightSeries(
                    new long[] {0, 1, 2, 4, 5, 7, 8, 9, 10, 13},
                    new double[] {400, 430, 415, 390, 445, 420, 410, 435, 400, 425});
            NightSeries post = new NightSeries(new long[] {14, 15, 17}, new double[] {450, 430, 470});
            double delta = post.mean() - baseline.mean();

            Interval interval = ChangeUncertainty.interval(baseline, post, delta, rho);

            // sigma^2 from E[SS_x] = sigma^2 * (n_x - 1' R_x 1 / n_x), pooled over both runs
            double sigma2 = (baseline.sumOfSquares(baseline.mean()) + post.sumOfSquares(post.mean()))
                    / (expectedSquaresFactor(baseline, rho) + expectedSquaresFactor(post, rho));
            double degreesOfFreedom = expectedSquaresFactor(baseline, rho) + expectedSquaresFactor(post, rho);
            double half = t975(degreesOfFreedom) * Math.sqrt(sigma2 * varianceFactor(baseline, post, rho));
            assertThat(interval.high() - delta).isCloseTo(half, within(1e-9));
            assertThat(delta - interval.low()).isCloseTo(half, within(1e-9));
        }

        /** Var(mean of one run) / sigma^2. */
        private double meanVarianceFactor(NightSeries run, double rho) {
            double sum = 0;
            for (long i : run.days()) {
                for (long j : run.days()) {
                    sum += Math.pow(rho, Math.abs(i - j));
                }
            }
            return sum / ((double) run.size() * run.size());
        }

        private double expectedSquaresFactor(NightSeries run, double rho) {
            return run.size() - run.size() * meanVarianceFactor(run, rho);
        }

        @Test
        void correlatedNightsWidenTheIntervalOfAWeek() {
            NightSeries baseline = consecutive(0, 400, 430, 415, 390, 445, 420, 410, 435, 400, 425, 440, 405, 395, 420);
            NightSeries post = consecutive(14, 450, 430, 470, 440, 425, 455, 445);
            double delta = post.mean() - baseline.mean();
            double independent = width(ChangeUncertainty.interval(baseline, post, delta, 0));
            double correlated = width(ChangeUncertainty.interval(baseline, post, delta, 0.4));
            assertThat(correlated).isGreaterThan(independent * 1.2);
        }

        private double width(Interval interval) {
            return interval.high() - interval.low();
        }
    }

    @Nested
    class Autocorrelation {
        @Test
        void aSmoothRunIsStronglyCorrelatedAndClampedAtTheMaximum() {
            assertThat(ChangeUncertainty.autocorrelation(consecutive(0, 400, 410, 420, 430, 440, 450, 460)))
                    .isEqualTo(ChangeUncertainty.MAX_AUTOCORRELATION);
        }

        @Test
        void anAlternatingRunIsClampedAtZero() {
            assertThat(ChangeUncertainty.autocorrelation(consecutive(0, 400, 440, 400, 440, 400, 440, 400, 440)))
                    .isZero();
        }

        @Test
        void onlyConsecutiveNightsFormPairsAndTheEstimateIsBiasCorrected() {
            // deviations from the mean 420: -20, 20, 10, -10, 0, 0 on days 0,1,2,3, 10,11 (a gap after day 3)
            // run 1 (mean 420 over 4): pairs (0,1) (1,2) (2,3): -400 + 200 - 100 = -300; run 2 (mean 420): 0
            NightSeries first = new NightSeries(new long[] {0, 1, 2, 3}, new double[] {400, 440, 430, 410});
            NightSeries second = new NightSeries(new long[] {10, 11, 12}, new double[] {420, 430, 410});
            // run 2 mean 420: deviations 0, 10, -10: pairs 0 and -100. Total products -400 over 5 pairs = -80.
            // squares: 400+400+100+100 + 0+100+100 = 1200 over 7 values = 171.43; raw r = -80 / 171.43 = -0.4667
            // mean run length 3.5 <= 4: too short to correct, so the estimate is the maximum (the cautious side)
            assertThat(ChangeUncertainty.autocorrelation(first, second))
                    .isEqualTo(ChangeUncertainty.MAX_AUTOCORRELATION);
            NightSeries longer = consecutive(0, 400, 440, 430, 410, 420, 430, 410, 425, 415, 420);
            // hand computation: mean 420; lag products sum/pairs over squares/n, corrected (n r + 1) / (n - 4)
            double[] v = longer.values();
            double products = 0;
            double squares = 0;
            for (int i = 0; i < v.length; i++) {
                squares += (v[i] - 420) * (v[i] - 420);
                if (i + 1 < v.length) {
                    products += (v[i] - 420) * (v[i + 1] - 420);
                }
            }
            double raw = (products / 9) / (squares / 10);
            double expected = Math.max(0, Math.min(0.9, (10 * raw + 1) / 6));
            assertThat(ChangeUncertainty.autocorrelation(longer)).isCloseTo(expected, within(1e-12));
        }

        @Test
        void noPairsMeansNoEvidenceOfCorrelation() {
            assertThat(ChangeUncertainty.autocorrelation(new NightSeries(new long[] {0, 2, 4}, new double[] {1, 2, 3})))
                    .isZero();
        }
    }

    /**
     * The calibration the intervals promise, on AR(1) nights with zero true change (sigma 40 min, 8 % of nights
     * missing), with rho estimated from each client's own reference and baseline nights as the definition does.
     */
    @ParameterizedTest(name = "rho {0}, {1} post night(s)")
    @CsvSource({"0.0, 1", "0.0, 7", "0.4, 1", "0.4, 7", "0.6, 7"})
    void intervalsCoverAZeroChangeAtLeastNinetyThreePercentOfTheTime(double rho, int postNights) {
        Random random = new Random(42);
        int covered = 0;
        int adjustedCovered = 0;
        int defined = 0;
        for (int client = 0; client < 4000; client++) {
            double[] nights = new double[42 + postNights];
            boolean[] present = new boolean[nights.length];
            double residual = 40 * random.nextGaussian();
            for (int d = 0; d < nights.length; d++) {
                residual = rho * residual + 40 * Math.sqrt(1 - rho * rho) * random.nextGaussian();
                nights[d] = 420 + residual;
                present[d] = random.nextDouble() >= 0.08;
            }
            NightSeries reference = run(nights, present, 0, 27);
            NightSeries baseline = run(nights, present, 28, 41);
            NightSeries post = run(nights, present, 42, 42 + postNights - 1);
            if (baseline.size() < 5 || post.size() < Math.min(postNights, 3) || reference.size() < 5) {
                continue;
            }
            defined++;
            double estimated = ChangeUncertainty.autocorrelation(reference, baseline);
            Interval interval = ChangeUncertainty.interval(baseline, post, post.mean() - baseline.mean(), estimated);
            Interval adjusted = ChangeUncertainty.interval(reference, post, post.mean() - reference.mean(), estimated);
            covered += interval.low() <= 0 && interval.high() >= 0 ? 1 : 0;
            adjustedCovered += adjusted.low() <= 0 && adjusted.high() >= 0 ? 1 : 0;
        }
        assertThat(defined).isGreaterThan(3000);
        assertThat((double) covered / defined).isBetween(0.93, 0.995);
        assertThat((double) adjustedCovered / defined).isBetween(0.93, 0.995);
    }

    private static NightSeries run(double[] nights, boolean[] present, int from, int to) {
        int count = 0;
        for (int d = from; d <= to; d++) {
            count += present[d] ? 1 : 0;
        }
        long[] days = new long[count];
        double[] values = new double[count];
        int i = 0;
        for (int d = from; d <= to; d++) {
            if (present[d]) {
                days[i] = d;
                values[i++] = nights[d];
            }
        }
        return new NightSeries(days, values);
    }
}
