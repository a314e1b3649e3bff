package org.sleepdelta.ingest.vendor.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram.State;

class HypnogramTest {

    @Test
    void latencyEndsAtTheFirstSleepAndWasoCountsOnlyWakeBetweenFirstAndLastSleep() {
        // given 10 minutes: awake 0-60 s, asleep 60-300, awake 300-330, asleep 330-500, awake 500-600
        Hypnogram hypnogram = new Hypnogram(600);
        hypnogram.paint(0, 60, State.WAKE);
        hypnogram.paint(60, 300, State.SLEEP);
        hypnogram.paint(300, 330, State.WAKE);
        hypnogram.paint(330, 500, State.SLEEP);
        hypnogram.paint(500, 600, State.WAKE);

        // when
        Hypnogram.Summary summary = hypnogram.summary().orElseThrow();

        // then the leading 60 s are latency, the trailing 100 s are after the final wake, only 300-330 is WASO
        assertThat(summary.latencySeconds()).isEqualTo(60);
        assertThat(summary.finalWakeSecond()).isEqualTo(500);
        assertThat(summary.afterFinalWakeSeconds()).isEqualTo(100);
        assertThat(summary.wasoSeconds()).isEqualTo(30);
        assertThat(summary.awakenings()).isEqualTo(1);
    }

    @Test
    void laterPaintWinsSoShortWakesOverlaidOnAStageAreCountedAsWake() {
        // given asleep 0-100 with two 10 s wakes painted over it at 20 and 50
        Hypnogram hypnogram = new Hypnogram(100);
        hypnogram.paint(0, 100, State.SLEEP);
        hypnogram.paint(20, 30, State.WAKE);
        hypnogram.paint(50, 60, State.WAKE);

        // when
        Hypnogram.Summary summary = hypnogram.summary().orElseThrow();

        // then 2 awakenings of 10 s each
        assertThat(summary.wasoSeconds()).isEqualTo(20);
        assertThat(summary.awakenings()).isEqualTo(2);
        assertThat(summary.latencySeconds()).isZero();
        assertThat(summary.afterFinalWakeSeconds()).isZero();
    }

    @Test
    void uncoveredSecondsNeitherBreakNorStartAnAwakening() {
        // given segments with 1 s gaps between them, as vendors with inclusive end times produce:
        // asleep 0-50, gap, awake 51-60, gap, awake 61-70, gap, asleep 71-100
        Hypnogram hypnogram = new Hypnogram(100);
        hypnogram.paint(0, 50, State.SLEEP);
        hypnogram.paint(51, 60, State.WAKE);
        hypnogram.paint(61, 70, State.WAKE);
        hypnogram.paint(71, 100, State.SLEEP);

        // when
        Hypnogram.Summary summary = hypnogram.summary().orElseThrow();

        // then one awakening; WASO is the 9 + 9 awake seconds, the gaps count as nothing
        assertThat(summary.awakenings()).isEqualTo(1);
        assertThat(summary.wasoSeconds()).isEqualTo(18);
    }

    @Test
    void aPeriodWithoutSleepHasNoSummary() {
        Hypnogram hypnogram = new Hypnogram(100);
        hypnogram.paint(0, 100, State.WAKE);

        assertThat(hypnogram.summary()).isEmpty();
    }

    @Test
    void paintOutsideThePeriodIsClipped() {
        // given a sleep segment reaching 20 s before and 20 s after the 100 s period
        Hypnogram hypnogram = new Hypnogram(100);
        hypnogram.paint(-20, 120, State.SLEEP);
        hypnogram.paint(200, 300, State.WAKE);

        // when
        Hypnogram.Summary summary = hypnogram.summary().orElseThrow();

        // then it fills exactly the period
        assertThat(summary.latencySeconds()).isZero();
        assertThat(summary.finalWakeSecond()).isEqualTo(100);
        assertThat(summary.wasoSeconds()).isZero();
    }

    @Test
    void periodsLongerThanTwoDaysOrEmptyAreRefused() {
        assertThat(Hypnogram.fits(48 * 3600)).isTrue();
        assertThat(Hypnogram.fits(48 * 3600 + 1)).isFalse();
        assertThat(Hypnogram.fits(0)).isFalse();
        assertThatThrownBy(() -> new Hypnogram(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
