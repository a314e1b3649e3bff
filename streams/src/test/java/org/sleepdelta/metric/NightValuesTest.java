package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.local;
import static org.sleepdelta.metric.Fixtures.sleep;
import static org.sleepdelta.metric.Metric.AWAKENINGS;
import static org.sleepdelta.metric.Metric.DEEP_MINUTES;
import static org.sleepdelta.metric.Metric.HRV_RMSSD_MS;
import static org.sleepdelta.metric.Metric.REM_MINUTES;
import static org.sleepdelta.metric.Metric.RESTING_HEART_RATE_BPM;
import static org.sleepdelta.metric.Metric.SLEEP_EFFICIENCY_PCT;
import static org.sleepdelta.metric.Metric.SLEEP_LATENCY_MINUTES;
import static org.sleepdelta.metric.Metric.TOTAL_SLEEP_MINUTES;
import static org.sleepdelta.metric.Metric.WASO_MINUTES;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Definition 3: the nightly values of a main sleep. */
class NightValuesTest {

    private static Map<Metric, Double> valuesOf(Fixtures.SleepBuilder main) {
        return NightValues.of(main.episode()).values();
    }

    @Test
    void efficiencyIsTotalSleepOverTheGivenTimeInBed() {
        // given 420 min asleep of 480 in bed, in a period of 9 h (which must not be used)
        Map<Metric, Double> values =
                valuesOf(sleep().inBedFor(Duration.ofHours(9)).timeInBed(480.0).totalSleep(420));
        // then efficiency = 100 * 420 / 480 = 87.5
        assertThat(values.get(SLEEP_EFFICIENCY_PCT)).isEqualTo(87.5);
        assertThat(values.get(TOTAL_SLEEP_MINUTES)).isEqualTo(420.0);
    }

    @Test
    void missingTimeInBedIsTheWholeMinutesBetweenStartAndEndRoundedDown() {
        // given 7 h 59 min 50 s between start and end and no time in bed: 479 whole minutes
        Map<Metric, Double> values = valuesOf(sleep().timeInBed(null)
                .inBedFor(Duration.ofHours(7).plusMinutes(59).plusSeconds(50))
                .totalSleep(431.1));
        // then efficiency = 100 * 431.1 / 479 = 90 (with 479.83 min it would be 89.84)
        assertThat(values.get(SLEEP_EFFICIENCY_PCT)).isCloseTo(90.0, within(1e-9));
    }

    @Test
    void derivedTimeInBedCountsElapsedMinutesAcrossASpringForwardNight() {
        // given 23:00 to 07:00 wall clock over Berlin's spring-forward night: 7 elapsed hours = 420 min
        Map<Metric, Double> values = valuesOf(sleep().from("2024-03-30T23:00")
                .timeInBed(null)
                .inBedFor(Duration.between(
                        local("2024-03-30T23:00", "Europe/Berlin"), local("2024-03-31T07:00", "Europe/Berlin")))
                .totalSleep(378));
        // then efficiency = 100 * 378 / 420 = 90
        assertThat(values.get(SLEEP_EFFICIENCY_PCT)).isCloseTo(90.0, within(1e-9));
    }

    @Test
    void efficiencyIsAbsentWhenTheGivenTimeInBedIsZero() {
        Map<Metric, Double> values = valuesOf(sleep().timeInBed(0.0).totalSleep(0));
        assertThat(values).doesNotContainKey(SLEEP_EFFICIENCY_PCT).containsEntry(TOTAL_SLEEP_MINUTES, 0.0);
    }

    @Test
    void efficiencyIsAbsentWhenTheDerivedTimeInBedRoundsDownToZero() {
        Map<Metric, Double> values = valuesOf(
                sleep().timeInBed(null).inBedFor(Duration.ofSeconds(59)).totalSleep(0.5));
        assertThat(values).doesNotContainKey(SLEEP_EFFICIENCY_PCT);
    }

    @Test
    void optionalValuesAreTakenAsGiven() {
        Map<Metric, Double> values = valuesOf(sleep().timeInBed(480.0)
                .totalSleep(400)
                .latency(12)
                .waso(31.5)
                .awakenings(3)
                .deep(80)
                .rem(95)
                .restingHeartRate(52)
                .hrv(48.5));
        assertThat(values)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        TOTAL_SLEEP_MINUTES, 400.0,
                        SLEEP_EFFICIENCY_PCT, 100.0 * 400 / 480,
                        SLEEP_LATENCY_MINUTES, 12.0,
                        WASO_MINUTES, 31.5,
                        AWAKENINGS, 3.0,
                        DEEP_MINUTES, 80.0,
                        REM_MINUTES, 95.0,
                        RESTING_HEART_RATE_BPM, 52.0,
                        HRV_RMSSD_MS, 48.5));
    }

    @Test
    void missingOptionalValuesAreLeftOut() {
        Map<Metric, Double> values =
                valuesOf(sleep().timeInBed(480.0).totalSleep(400).awakenings(0));
        // zero awakenings is a value; the other optional metrics are simply not there
        assertThat(values).containsOnlyKeys(TOTAL_SLEEP_MINUTES, SLEEP_EFFICIENCY_PCT, AWAKENINGS);
        assertThat(values.get(AWAKENINGS)).isEqualTo(0.0);
    }

    @Test
    void nightAndStartOfTheMainSleepAreKept() {
        NightValues values = NightValues.of(sleep().from("2024-06-11T00:30").episode());
        assertThat(values.night()).isEqualTo(date("2024-06-10"));
        assertThat(values.mainSleepStart()).isEqualTo(local("2024-06-11T00:30", "Europe/Berlin"));
    }
}
