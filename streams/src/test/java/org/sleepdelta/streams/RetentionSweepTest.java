package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.TestData.key;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;

/**
 * The wall-clock sweep (every 5 minutes by default) deletes state that admitted input can no longer reach, and only
 * that: what the dashboard receives must not depend on whether the sweep has run yet.
 *
 * <p>A "pacer" client moves the task's event time on: its night of 2026-06-01 ends Jun 2 05:00Z and its session starts
 * Jun 2 08:00Z, so with 60 days of retention the cutoff is Jun 2 - 60 = Apr 3 (older input is TOO_LATE). The sweep
 * then keeps nights from Apr 3 - 78 = Jan 15 and sessions (with what was emitted for them and client clocks) from
 * Apr 3 - 85 = Jan 8.
 */
class RetentionSweepTest {
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);

    private final TopologyHarness harness = new TopologyHarness(TopologySettings.defaults());

    @AfterEach
    void close() {
        harness.close();
    }

    private static MassageSession session(String id, LocalDate n0) {
        return TestData.session(id, n0, LocalTime.of(10, 0)).build();
    }

    private void givenThePacerMovesEventTimeToJune2() {
        harness.sleep(TestData.night(LocalDate.of(2026, 6, 1), 400)
                .setClientId("pacer")
                .build());
        harness.session(TestData.session("p1", LocalDate.of(2026, 6, 2), LocalTime.of(10, 0))
                .setClientId("pacer")
                .build());
        harness.newOutput();
    }

    private void sweepIf(boolean sweep) {
        if (sweep) {
            harness.advanceWallClock(SWEEP_INTERVAL);
        }
    }

    @Test
    void theSweepDeletesOnlyStateOlderThanItsMarginsAndEmitsNothing() {
        harness.sleep(TestData.night(LocalDate.of(2026, 1, 14), 400).build());
        harness.sleep(TestData.night(LocalDate.of(2026, 1, 15), 410).build());
        harness.session(session("sA", LocalDate.of(2026, 1, 7)));
        harness.session(session("sB", LocalDate.of(2026, 1, 8))); // one night after sA: no course of its own
        harness.session(MassageSession.newBuilder(session("sN", LocalDate.of(2025, 12, 31)))
                .setStatus(SessionStatus.NO_SHOW)
                .build());
        harness.sleep(TestData.night(LocalDate.of(2026, 1, 1), 400)
                .setClientId("c-old")
                .build());
        givenThePacerMovesEventTimeToJune2();
        Map<String, Object> sleepBefore = harness.store(StoreNames.SLEEP_BY_NIGHT);
        Map<String, Object> watermarksBefore = harness.store(StoreNames.WATERMARK);

        harness.advanceWallClock(SWEEP_INTERVAL.minusMinutes(1));
        assertThat(harness.<Object>store(StoreNames.SLEEP_BY_NIGHT))
                .as("not yet due")
                .isEqualTo(sleepBefore);
        harness.advanceWallClock(Duration.ofMinutes(1));

        assertThat(harness.store(StoreNames.SLEEP_BY_NIGHT))
                .containsOnlyKeys(
                        "clinic-a/c1/2026-01-15/OURA/oura-2026-01-15-82800",
                        "clinic-a/pacer/2026-06-01/OURA/oura-2026-06-01-82800");
        assertThat(harness.store(StoreNames.SLEEP_NIGHT_INDEX))
                .containsOnlyKeys(
                        "clinic-a/c1/OURA/oura-2026-01-15-82800", "clinic-a/pacer/OURA/oura-2026-06-01-82800");
        assertThat(harness.store(StoreNames.SESSIONS_BY_ID)).containsOnlyKeys("clinic-a/c1/sB", "clinic-a/pacer/p1");
        assertThat(harness.store(StoreNames.SESSIONS_BY_START))
                .containsOnlyKeys(
                        "clinic-a/c1/2026-01-08T09:00:00.000Z/sB", "clinic-a/pacer/2026-06-02T08:00:00.000Z/p1");
        assertThat(harness.store(StoreNames.EMITTED))
                .containsOnlyKeys(
                        "clinic-a/c1/sB/NIGHT_0",
                        "clinic-a/c1/sB/WEEK_1",
                        "clinic-a/pacer/p1/NIGHT_0",
                        "clinic-a/pacer/p1/WEEK_1",
                        "clinic-a/pacer/p1/COURSE_WEEKS_3_4");
        assertThat(harness.<String>store(StoreNames.CLIENT_CLOCK)).containsOnlyKeys("clinic-a/c1", "clinic-a/pacer");
        assertThat(harness.<Object>store(StoreNames.WATERMARK)).isEqualTo(watermarksBefore);
        assertThat(harness.newOutput())
                .as("the sweep tombstones nothing on the dashboard")
                .isEmpty();
        assertThat(harness.rejections()).isEmpty();
    }

    @Test
    void withoutRetentionNothingIsEverSwept() {
        try (TopologyHarness replay =
                new TopologyHarness(TopologySettings.defaults().keepingEverything())) {
            replay.sleep(TestData.night(LocalDate.of(2026, 1, 20), 400).build());
            replay.sleep(TestData.night(LocalDate.of(2026, 6, 1), 400).build());

            replay.advanceWallClock(Duration.ofDays(1));

            assertThat(replay.store(StoreNames.SLEEP_BY_NIGHT)).hasSize(2);
        }
    }

    @ParameterizedTest(name = "swept before: {0}")
    @ValueSource(booleans = {true, false})
    void aSessionAtTheCutoffStillSeesThePreviousSessionAndItsBaseline(boolean sweptBefore) {
        // sP on Mar 10 opens a course; its baseline Feb 24..Mar 9 lies after the Jan 15 night margin
        TestData.nights(LocalDate.of(2026, 2, 24), 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400)
                .forEach(harness::sleep);
        harness.session(session("sP", LocalDate.of(2026, 3, 10)));
        givenThePacerMovesEventTimeToJune2();
        sweepIf(sweptBefore);

        harness.session(session("sZ", LocalDate.of(2026, 4, 3))); // 24 nights after sP: inside its course

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        assertThat(out)
                .containsOnlyKeys(
                        key("sZ", MetricWindow.NIGHT_0),
                        key("sZ", MetricWindow.WEEK_1),
                        key("sP", MetricWindow.COURSE_WEEKS_3_4));
        SleepChangeMetric course = out.get(key("sP", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(course.getSessionsInWindow()).isEqualTo(2);
        assertThat(MetricAssertions.stats(course, "totalSleepMinutes").getBaselineN())
                .isEqualTo(14);
        assertThat(harness.rejections()).isEmpty();
    }

    /**
     * Given c1's session sS on Jan 20 with 14 baseline nights (Jan 6..19, 400 each) and post nights Jan 20 and 21:
     * its WEEK_1 and COURSE windows are incomplete. Nights Jan 6..14 are older than the sweep keeps.
     */
    private SleepRecord givenAWindowOfAClientWhoThenPaused() {
        TestData.nights(LocalDate.of(2026, 1, 6), 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400)
                .forEach(harness::sleep);
        SleepRecord jan21 = TestData.night(LocalDate.of(2026, 1, 21), 430).build();
        harness.sleep(TestData.night(LocalDate.of(2026, 1, 20), 430).build());
        harness.sleep(jan21);
        harness.session(session("sS", LocalDate.of(2026, 1, 20)));
        Map<String, SleepChangeMetric> before = harness.dashboardState();
        assertThat(MetricAssertions.stats(before.get(key("sS", MetricWindow.WEEK_1)), "totalSleepMinutes")
                        .getBaselineN())
                .isEqualTo(14);
        assertThat(before.get(key("sS", MetricWindow.WEEK_1)).getComplete()).isFalse();
        givenThePacerMovesEventTimeToJune2();
        return jan21;
    }

    @ParameterizedTest(name = "swept before: {0}")
    @ValueSource(booleans = {true, false})
    void aClientReturningAfterAPauseSeesOldWindowsCompletedWithTheirStatisticsIntact(boolean sweptBefore) {
        givenAWindowOfAClientWhoThenPaused();
        Map<String, SleepChangeMetric> before = harness.dashboardState();
        sweepIf(sweptBefore);

        harness.sleep(TestData.night(LocalDate.of(2026, 4, 10), 400).build()); // in none of sS's windows

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();
        assertThat(out)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(key("sS", MetricWindow.WEEK_1), key("sS", MetricWindow.COURSE_WEEKS_3_4));
        for (TestRecord<String, SleepChangeMetric> r : out) {
            SleepChangeMetric earlier = before.get(r.key());
            assertThat(r.value().getComplete()).as(r.key()).isTrue();
            assertThat(r.value().getRevision()).isEqualTo(earlier.getRevision() + 1);
            assertThat(SleepChangeMetric.newBuilder(r.value())
                            .setComplete(false)
                            .setRevision(earlier.getRevision())
                            .build())
                    .as(r.key() + ": only complete changed")
                    .isEqualTo(earlier);
        }
        assertThat(harness.rejections()).isEmpty();
    }

    @ParameterizedTest(name = "swept before: {0}")
    @ValueSource(booleans = {true, false})
    void deletingANightOfAWindowFrozenByRetentionLeavesTheDashboardAsItWas(boolean sweptBefore) {
        SleepRecord jan21 = givenAWindowOfAClientWhoThenPaused();
        sweepIf(sweptBefore);

        harness.sleep(TestData.deletionOf(jan21));

        assertThat(harness.newOutput()).isEmpty();
        assertThat(harness.store(StoreNames.SLEEP_BY_NIGHT))
                .doesNotContainKey("clinic-a/c1/2026-01-21/OURA/oura-2026-01-21-82800");
        assertThat(harness.rejections()).isEmpty();
    }

    @ParameterizedTest(name = "swept before: {0}")
    @ValueSource(booleans = {true, false})
    void movingASessionOutOfAFrozenCourseChangesOnlyItsOwnWindows(boolean sweptBefore) {
        // sY on Jan 1 (baseline Dec 18..31, all older than the night margin) and sX on Jan 20 in sY's course
        TestData.nights(
                        LocalDate.of(2025, 12, 18),
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400,
                        400)
                .forEach(harness::sleep);
        harness.session(session("sY", LocalDate.of(2026, 1, 1)));
        harness.session(session("sX", LocalDate.of(2026, 1, 20)));
        assertThat(harness.dashboardState()
                        .get(key("sY", MetricWindow.COURSE_WEEKS_3_4))
                        .getSessionsInWindow())
                .isEqualTo(2);
        givenThePacerMovesEventTimeToJune2();
        sweepIf(sweptBefore);

        harness.session(session("sX", LocalDate.of(2026, 4, 10))); // admitted: N0 after the cutoff

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        assertThat(out)
                .containsOnlyKeys(
                        key("sX", MetricWindow.NIGHT_0),
                        key("sX", MetricWindow.WEEK_1),
                        key("sX", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(out.get(key("sX", MetricWindow.NIGHT_0)).getFirstNight()).isEqualTo(LocalDate.of(2026, 4, 10));
        assertThat(out.get(key("sX", MetricWindow.COURSE_WEEKS_3_4)).getSessionsInWindow())
                .isEqualTo(1);
        assertThat(harness.rejections()).isEmpty();
    }
}
