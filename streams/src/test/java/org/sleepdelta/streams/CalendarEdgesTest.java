package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.MetricAssertions.assertStats;
import static org.sleepdelta.streams.TestData.BERLIN;
import static org.sleepdelta.streams.TestData.SYDNEY;
import static org.sleepdelta.streams.TestData.key;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.streams.MetricAssertions.Expected;

/**
 * Nights and first nights around DST changes, midnight and noon, through the topology. A night is the local date of
 * (sleepStart - 12 h); N0 is the local date of the session's start; time in bed without timeInBed is the real number
 * of minutes between start and end, not what the wall clock suggests.
 */
class CalendarEdgesTest {
    static final LocalTime BED = LocalTime.of(23, 0);
    static final LocalTime RISE = LocalTime.of(7, 0);

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        assertThat(harness.rejections()).isEmpty();
        harness.close();
    }

    /** 23:00 to 07:00 local on the night of {@code night}, without timeInBed. */
    private void night(String zone, LocalDate night, LocalTime bed, LocalTime rise, double total) {
        harness.sleep(TestData.inBedUntil(zone, night, bed, night.plusDays(1), rise, total)
                .build());
    }

    @Test
    void berlinSpringForwardNightHasOnly420MinutesInBed() {
        // s1 on Thursday 2026-03-26; clocks go from 02:00 to 03:00 in the night of Saturday Mar 28
        LocalDate n0 = LocalDate.of(2026, 3, 26);
        for (int d = 1; d <= 5; d++) {
            night(BERLIN, n0.minusDays(d), BED, RISE, 384); // 480 minutes: 80 %
        }
        night(BERLIN, n0, BED, RISE, 432); // 480 minutes: 90 %
        night(BERLIN, n0.plusDays(1), BED, RISE, 432); // 480 minutes: 90 %
        night(BERLIN, n0.plusDays(2), BED, RISE, 378); // 23:00 CET to 07:00 CEST = 420 minutes: 90 %
        harness.session(TestData.session("s1", n0, LocalTime.of(10, 0)).build());

        SleepChangeMetric week1 = harness.dashboardState().get(key("s1", MetricWindow.WEEK_1));

        assertThat(week1.getWindowEnd()).isEqualTo(LocalDate.of(2026, 4, 1));
        // (432 + 432 + 378) / 3 = 414 against 384
        assertStats(
                week1, "totalSleepMinutes", new Expected(5, 3, 384.0, 0.0, 414.0, 30.0, 100 * 30.0 / 384, null, true));
        // 90 against 80: exactly the +10 threshold (480 wall-clock minutes would make that night 78.75 %)
        assertStats(week1, "sleepEfficiencyPct", new Expected(5, 3, 80.0, 0.0, 90.0, 10.0, 12.5, null, true));
    }

    @Test
    void berlinFallBackNightHas540MinutesInBed() {
        // s1 on Thursday 2026-10-22; clocks go from 03:00 back to 02:00 in the night of Saturday Oct 24
        LocalDate n0 = LocalDate.of(2026, 10, 22);
        for (int d = 1; d <= 5; d++) {
            night(BERLIN, n0.minusDays(d), BED, RISE, 384);
        }
        night(BERLIN, n0, BED, RISE, 432);
        night(BERLIN, n0.plusDays(1), BED, RISE, 432);
        night(BERLIN, n0.plusDays(2), BED, RISE, 486); // 23:00 CEST to 07:00 CET = 540 minutes: 90 %
        harness.session(TestData.session("s1", n0, LocalTime.of(10, 0)).build());

        SleepChangeMetric week1 = harness.dashboardState().get(key("s1", MetricWindow.WEEK_1));

        // (432 + 432 + 486) / 3 = 450 against 384
        assertStats(
                week1, "totalSleepMinutes", new Expected(5, 3, 384.0, 0.0, 450.0, 66.0, 100 * 66.0 / 384, null, true));
        assertStats(week1, "sleepEfficiencyPct", new Expected(5, 3, 80.0, 0.0, 90.0, 10.0, 12.5, null, true));
    }

    @Test
    void sydneyFirstNightIsTheLocalDateAndItsDstEndNightCountsInTheBaseline() {
        // s1 on Monday 2026-04-06 at 09:00 AEST, which is Apr 5 23:00 UTC; DST ended at 03:00 on Sunday Apr 5
        LocalDate n0 = LocalDate.of(2026, 4, 6);
        LocalTime bed = LocalTime.of(22, 30);
        LocalTime rise = LocalTime.of(6, 30);
        for (int d = 3; d <= 6; d++) {
            night(SYDNEY, n0.minusDays(d), bed, rise, 432); // 480 minutes: 90 %
        }
        night(SYDNEY, LocalDate.of(2026, 4, 4), bed, rise, 486); // 22:30 AEDT to 06:30 AEST = 540 minutes: 90 %
        // bed at 00:30 on Apr 7 is night Apr 6: N0, after the session ended; 360 minutes: 95 %
        harness.sleep(TestData.inBedUntil(SYDNEY, n0.plusDays(1), LocalTime.of(0, 30), n0.plusDays(1), rise, 342)
                .build());
        harness.session(TestData.sessionIn(SYDNEY, "s1", n0, LocalTime.of(9, 0)).build());

        SleepChangeMetric night0 = harness.dashboardState().get(key("s1", MetricWindow.NIGHT_0));

        assertThat(night0.getFirstNight()).isEqualTo(n0);
        assertThat(night0.getWindowStart()).isEqualTo(n0);
        assertThat(night0.getBaselineStart()).isEqualTo(LocalDate.of(2026, 3, 23));
        assertThat(night0.getBaselineEnd()).isEqualTo(LocalDate.of(2026, 4, 5));
        // baseline 432 x 4 and 486: mean 442.8; deviations -10.8 x 4 and 43.2: squares 2332.8, / 4 = 583.2
        assertStats(
                night0,
                "totalSleepMinutes",
                new Expected(
                        5,
                        1,
                        442.8,
                        Math.sqrt(583.2),
                        342.0,
                        -100.8,
                        100 * -100.8 / 442.8,
                        -100.8 / Math.sqrt(583.2),
                        false));
        assertStats(
                night0, "sleepEfficiencyPct", new Expected(5, 1, 90.0, 0.0, 95.0, 5.0, 100 * 5.0 / 90, null, false));
    }

    @ParameterizedTest(name = "session at {1} in {0}, late night {2} re-emits {3}")
    @CsvSource({
        // 00:30 on Feb 2 at UTC+14 is Feb 1 10:30Z; 23:30 on Feb 2 at UTC-11 is Feb 3 10:30Z: N0 is Feb 2 for both
        "Pacific/Kiritimati, 00:30, 2025-12-22, 3", // first reference night (N0 - 42): all three windows
        "Pacific/Kiritimati, 00:30, 2026-01-19, 3", // first baseline night
        "Pacific/Kiritimati, 00:30, 2026-03-01, 1", // last course night (C0 + 27): the course window only
        "Pacific/Pago_Pago, 23:30, 2025-12-22, 3",
        "Pacific/Pago_Pago, 23:30, 2026-01-19, 3",
        "Pacific/Pago_Pago, 23:30, 2026-03-01, 1",
        "Pacific/Pago_Pago, 23:30, 2025-12-21, 0", // one night before the reference
        "Pacific/Kiritimati, 00:30, 2026-03-02, 0"
    }) // one night after the course window
    void aLateNightFindsSessionsWhoseUtcStartIsADayFromTheirFirstNight(
            String zone, LocalTime at, LocalDate late, int reEmitted) {
        harness.sleep(TestData.night(LocalDate.of(2026, 6, 30), 400).build()); // data clock past every window
        harness.session(
                TestData.sessionIn(zone, "s1", LocalDate.of(2026, 2, 2), at).build());
        assertThat(harness.dashboardState().get(key("s1", MetricWindow.NIGHT_0)).getFirstNight())
                .isEqualTo(LocalDate.of(2026, 2, 2));
        harness.newOutput();

        harness.sleep(TestData.night(late, 400).build());

        assertThat(harness.newOutput()).hasSize(reEmitted);
    }

    @ParameterizedTest(name = "bed on {0} at {1} is in the {2}")
    @CsvSource({
        "2026-02-01, 23:59, baseline", // night Feb 1
        "2026-02-02, 00:01, baseline", // still night Feb 1
        "2026-02-02, 11:59, baseline", // still night Feb 1: nights run noon to noon
        "2026-02-02, 12:01, post", // night Feb 2, after the 10:00-11:00 session
        "2026-02-02, 23:59, post",
        "2026-02-03, 00:01, post", // still night Feb 2
        "2026-02-03, 11:59, post",
        "2026-02-03, 12:01, neither"
    }) // night Feb 3: in WEEK_1, not in NIGHT_0
    void aNightRunsFromNoonToNoonLocalTime(LocalDate bedDate, LocalTime bedtime, String where) {
        harness.session(TestData.session("s1", LocalDate.of(2026, 2, 2), LocalTime.of(10, 0))
                .build());
        harness.newOutput();

        harness.sleep(TestData.inBed(BERLIN, bedDate, bedtime, 300, 250).build());

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        SleepChangeMetric night0 = harness.dashboardState().get(key("s1", MetricWindow.NIGHT_0));
        var tst = MetricAssertions.stats(night0, "totalSleepMinutes");
        assertThat(tst.getBaselineN()).isEqualTo(where.equals("baseline") ? 1 : 0);
        assertThat(tst.getPostN()).isEqualTo(where.equals("post") ? 1 : 0);
        assertThat(out.containsKey(key("s1", MetricWindow.NIGHT_0))).isEqualTo(!where.equals("neither"));
    }

    @ParameterizedTest(name = "session 23:30-00:30, bed on {0} at {1}: night 0 counts = {2}")
    @CsvSource({
        "2026-02-02, 23:00, false", // main sleep began during the session
        "2026-02-03, 00:29, false",
        "2026-02-03, 00:30, true", // exactly when the session ended
        "2026-02-03, 01:00, true"
    })
    void nightZeroCountsOnlyIfItsMainSleepBeganOnceTheSessionWasOver(
            LocalDate bedDate, LocalTime bedtime, boolean counts) {
        LocalDate n0 = LocalDate.of(2026, 2, 2);
        TestData.nights(n0.minusDays(5), 400, 410, 420, 430, 440).forEach(harness::sleep);
        harness.sleep(TestData.inBed(BERLIN, bedDate, bedtime, 420, 400).build());

        harness.session(TestData.session("s1", n0, LocalTime.of(23, 30)).build());

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();
        SleepChangeMetric night0 = dashboard.get(key("s1", MetricWindow.NIGHT_0));
        assertThat(night0.getFirstNight())
                .as("N0 is the date the session started")
                .isEqualTo(n0);
        assertThat(night0.getComplete())
                .as("night 0 has a main sleep either way")
                .isTrue();
        assertStats(
                night0,
                "totalSleepMinutes",
                counts
                        ? new Expected(
                                5,
                                1,
                                420.0,
                                Math.sqrt(250),
                                400.0,
                                -20.0,
                                100 * -20.0 / 420,
                                -20 / Math.sqrt(250),
                                false)
                        : Expected.noEffect(5, 0, 420.0, Math.sqrt(250), null));
        assertThat(MetricAssertions.stats(dashboard.get(key("s1", MetricWindow.WEEK_1)), "totalSleepMinutes")
                        .getPostN())
                .as("the same rule applies to night 0 within WEEK_1")
                .isEqualTo(counts ? 1 : 0);
    }
}
