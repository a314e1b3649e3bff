package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sleepdelta.metric.Metric.AWAKENINGS;
import static org.sleepdelta.metric.Metric.SLEEP_EFFICIENCY_PCT;
import static org.sleepdelta.metric.Metric.TOTAL_SLEEP_MINUTES;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Definition 6: the statistics of one metric in one window. */
class StatsTest {
    private static final double[] FIVE_BASELINE = {400, 410, 420, 430, 440};

    private static double[] nights(double... values) {
        return values;
    }

    private static double[] repeat(double value, int times) {
        double[] values = new double[times];
        Arrays.fill(values, value);
        return values;
    }

    @Test
    void baselineMeanAndSampleSdOfFiveNights() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, nights(), 1);
        // mean = 2100 / 5 = 420; deviations -20,-10,0,10,20 -> squares 1000; / (5 - 1) = 250
        assertThat(stats.baselineN()).isEqualTo(5);
        assertThat(stats.baselineMean()).isEqualTo(420.0);
        assertThat(stats.baselineSd()).isCloseTo(Math.sqrt(250), within(1e-12));
    }

    @Test
    void sdOfTwoNightsDividesByOne() {
        // mean 405; squares 25 + 25 = 50; / (2 - 1)
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, nights(400, 410), nights(), 1);
        assertThat(stats.baselineSd()).isCloseTo(Math.sqrt(50), within(1e-12));
    }

    @Test
    void sdIsNullBelowTwoNights() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, nights(400), nights(), 1);
        assertThat(stats.baselineMean()).isEqualTo(400.0);
        assertThat(stats.baselineSd()).isNull();
    }

    @Test
    void withoutAnyNightEverythingIsZeroOrNull() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, nights(), nights(), 1);
        assertThat(stats)
                .isEqualTo(new Stats(
                        0, 0, null, null, null, null, null, null, null, null, null, null, null, null, 0, null, null,
                        null, null));
    }

    @Test
    void postMeanIsTheMeanOfThePostNightsAndNullWithoutOne() {
        assertThat(Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, nights(450, 470, 490), 3)
                        .postMean())
                .isEqualTo(470.0);
        Stats none = Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, nights(), 1);
        assertThat(none.postN()).isZero();
        assertThat(none.postMean()).isNull();
        assertThat(none.delta()).isNull();
    }

    @Test
    void deltaPercentChangeAndZOfADefinedEffect() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, nights(450), 1);
        // delta = 450 - 420 = 30; pct = 100 * 30 / 420 = 7.142857...; z = 30 / sqrt(250) = 1.897366...
        assertThat(stats.postN()).isEqualTo(1);
        assertThat(stats.delta()).isEqualTo(30.0);
        assertThat(stats.pctChange()).isCloseTo(7.142857142857143, within(1e-12));
        assertThat(stats.z()).isCloseTo(1.8973665961010275, within(1e-12));
        assertThat(stats.meetsThreshold()).isTrue();
    }

    @Test
    void aDeclineGivesNegativeDeltaPercentAndZ() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, nights(390, 410), 1);
        // post mean 400; delta -20; pct -100 * 20 / 420 = -4.761904...; z = -20 / 15.811388... = -1.264911...
        assertThat(stats.delta()).isEqualTo(-20.0);
        assertThat(stats.pctChange()).isCloseTo(-4.761904761904762, within(1e-12));
        assertThat(stats.z()).isCloseTo(-1.2649110640673518, within(1e-12));
        assertThat(stats.meaningfulImprovement()).isFalse();
    }

    @Test
    void fourBaselineNightsLeaveTheEffectUndefinedAndFiveDefineIt() {
        Stats four = Fixtures.stats(TOTAL_SLEEP_MINUTES, nights(410, 420, 430, 440), nights(500), 1);
        Stats five = Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, nights(500), 1);
        assertThat(four.delta()).isNull();
        assertThat(four.pctChange()).isNull();
        assertThat(four.z()).isNull();
        assertThat(four.meaningfulImprovement()).isNull();
        assertThat(five.delta()).isEqualTo(80.0);
    }

    @ParameterizedTest(name = "minimum {0} post nights")
    @ValueSource(ints = {1, 3, 5})
    void onePostNightFewerThanTheWindowsMinimumLeavesTheEffectUndefined(int minPostNights) {
        double[] justEnough = repeat(450, minPostNights);
        double[] oneShort = repeat(450, minPostNights - 1);
        assertThat(Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, oneShort, minPostNights)
                        .delta())
                .isNull();
        assertThat(Fixtures.stats(TOTAL_SLEEP_MINUTES, FIVE_BASELINE, justEnough, minPostNights)
                        .delta())
                .isEqualTo(30.0);
    }

    @Test
    void percentChangeIsNullWhenTheBaselineMeanIsZero() {
        // given no awakenings on five baseline nights and one on the post night
        Stats stats = Fixtures.stats(AWAKENINGS, repeat(0, 5), nights(1), 1);
        assertThat(stats.delta()).isEqualTo(1.0);
        assertThat(stats.pctChange()).isNull();
        assertThat(stats.baselineSd()).isZero();
        assertThat(stats.z()).isNull();
        assertThat(stats.meaningfulImprovement()).isFalse();
    }

    @Test
    void zIsNullWhenTheBaselineSdIsZero() {
        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, repeat(420, 5), nights(450), 1);
        assertThat(stats.baselineSd()).isZero();
        assertThat(stats.z()).isNull();
        assertThat(stats.pctChange()).isCloseTo(100.0 * 30 / 420, within(1e-12));
    }

    @Test
    void zIsNullWhenIdenticalBaselineNightsHaveAValueWithNoExactBinaryForm() {
        // given seven nights of 420 min asleep in 450 min in bed: 93.333...% each, SD exactly 0
        double efficiency = 100.0 * 420 / 450;
        Stats stats = Fixtures.stats(SLEEP_EFFICIENCY_PCT, repeat(efficiency, 7), nights(95), 1);
        // then z is undefined rather than delta divided by a rounding residue (which gave z ~ 1e14)
        assertThat(stats.baselineSd()).isZero();
        assertThat(stats.z()).isNull();
        assertThat(stats.delta()).isCloseTo(95 - 93.33333333333333, within(1e-9));
    }

    @Property
    void meanAndSdAgreeWithExactDecimalArithmetic(
            @ForAll @Size(min = 2, max = 14) List<@IntRange(min = 0, max = 9000) Integer> tenthsOfMinutes) {
        double[] values = tenthsOfMinutes.stream().mapToDouble(t -> t / 10.0).toArray();
        BigDecimal n = BigDecimal.valueOf(values.length);
        BigDecimal sum =
                tenthsOfMinutes.stream().map(t -> BigDecimal.valueOf(t, 1)).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal mean = sum.divide(n, MathContext.DECIMAL128);
        BigDecimal squares = tenthsOfMinutes.stream()
                .map(t -> BigDecimal.valueOf(t, 1).subtract(mean).pow(2))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        double sd = squares.divide(n.subtract(BigDecimal.ONE), MathContext.DECIMAL128)
                .sqrt(MathContext.DECIMAL128)
                .doubleValue();

        Stats stats = Fixtures.stats(TOTAL_SLEEP_MINUTES, values, values, 1);

        assertThat(stats.baselineMean()).isCloseTo(mean.doubleValue(), within(1e-9));
        assertThat(stats.postMean()).isCloseTo(mean.doubleValue(), within(1e-9));
        assertThat(stats.baselineSd()).isCloseTo(sd, within(1e-9));
        assertThat(stats.postN()).isEqualTo(values.length);
    }
}
