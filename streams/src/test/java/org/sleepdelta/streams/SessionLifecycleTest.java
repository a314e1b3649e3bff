package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.TestData.key;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;

/** Cancellations, no-shows, re-completions and reschedules, seen on the dashboard. */
class SessionLifecycleTest {
    static final LocalDate N0 = LocalDate.of(2026, 2, 2);
    static final List<String> S1_KEYS = List.of(
            key("s1", MetricWindow.NIGHT_0), key("s1", MetricWindow.WEEK_1), key("s1", MetricWindow.COURSE_WEEKS_3_4));

    private final TopologyHarness harness = new TopologyHarness();
    private final MassageSession s1 =
            TestData.session("s1", N0, LocalTime.of(10, 0)).build();

    @AfterEach
    void close() {
        assertThat(harness.rejections()).isEmpty();
        harness.close();
    }

    private Map<String, SleepChangeMetric> givenSessionWithNights() {
        TestData.nights(N0.minusDays(5), 400, 410, 420, 430, 440, 450, 460, 470).forEach(harness::sleep);
        harness.session(s1);
        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();
        assertThat(dashboard).containsOnlyKeys(S1_KEYS);
        return dashboard;
    }

    @ParameterizedTest
    @EnumSource(
            value = SessionStatus.class,
            names = {"CANCELLED", "NO_SHOW"})
    void aSessionThatDidNotHappenTombstonesAllItsKeys(SessionStatus status) {
        givenSessionWithNights();

        harness.session(MassageSession.newBuilder(s1).setStatus(status).build());

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();
        assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrderElementsOf(S1_KEYS);
        assertThat(out).allSatisfy(r -> assertThat(r.value()).as(r.key()).isNull());
        assertThat(harness.dashboardState()).isEmpty();
    }

    @Test
    void aCancelledSessionTombstonesOnlyOnceAndIgnoresLaterNights() {
        givenSessionWithNights();
        harness.session(
                MassageSession.newBuilder(s1).setStatus(SessionStatus.CANCELLED).build());
        harness.newOutput();

        harness.session(
                MassageSession.newBuilder(s1).setStatus(SessionStatus.NO_SHOW).build());
        harness.sleep(TestData.night(N0.plusDays(3), 480).build());

        assertThat(harness.newOutput()).isEmpty();
    }

    @Test
    void aCancelledThenCompletedSessionComesBackWithTheNextRevision() {
        Map<String, SleepChangeMetric> before = givenSessionWithNights();
        harness.session(
                MassageSession.newBuilder(s1).setStatus(SessionStatus.CANCELLED).build());

        harness.session(s1);

        List<TestRecord<String, SleepChangeMetric>> all = harness.allOutput();
        assertThat(all).hasSize(9); // emitted, tombstoned, emitted again
        Map<String, SleepChangeMetric> after = harness.dashboardState();
        assertThat(after).containsOnlyKeys(S1_KEYS);
        after.forEach((k, metric) -> {
            assertThat(metric.getRevision()).as(k).isEqualTo(2);
            assertThat(SleepChangeMetric.newBuilder(metric).setRevision(1).build())
                    .as(k)
                    .isEqualTo(before.get(k));
        });
    }

    @Test
    void aSessionFirstSeenAsCancelledEmitsNothing() {
        harness.session(
                MassageSession.newBuilder(s1).setStatus(SessionStatus.CANCELLED).build());
        TestData.nights(N0.minusDays(2), 400, 410, 420).forEach(harness::sleep);

        assertThat(harness.allOutput()).isEmpty();
    }

    @Test
    void aRescheduledSessionMovesItsWindowsUnderTheSameKeys() {
        givenSessionWithNights();
        LocalDate moved = LocalDate.of(2026, 2, 9);

        harness.session(TestData.session("s1", moved, LocalTime.of(10, 0)).build());

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        assertThat(out).containsOnlyKeys(S1_KEYS);
        SleepChangeMetric week1 = out.get(key("s1", MetricWindow.WEEK_1));
        assertThat(week1.getRevision()).isEqualTo(2);
        assertThat(week1.getFirstNight()).isEqualTo(moved);
        assertThat(week1.getWindowStart()).isEqualTo(moved);
        assertThat(week1.getWindowEnd()).isEqualTo(LocalDate.of(2026, 2, 15));
        assertThat(week1.getBaselineStart()).isEqualTo(LocalDate.of(2026, 1, 26));
        assertThat(week1.getBaselineEnd()).isEqualTo(LocalDate.of(2026, 2, 8));
        // all eight nights (Jan 28..Feb 4) now lie in the baseline, none after the session
        assertThat(MetricAssertions.stats(week1, "totalSleepMinutes").getBaselineN())
                .isEqualTo(8);
        assertThat(MetricAssertions.stats(week1, "totalSleepMinutes").getPostN())
                .isZero();
        SleepChangeMetric course = out.get(key("s1", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(course.getWindowStart()).isEqualTo(LocalDate.of(2026, 2, 23));
        assertThat(course.getWindowEnd()).isEqualTo(LocalDate.of(2026, 3, 8));
    }

    @Test
    void aSessionMovedByMinutesOnTheSameDayChangesNothingTheDashboardShows() {
        givenSessionWithNights();

        // ends 11:30 instead of 11:00: N0 and the 23:00 bedtime still fall either side of it
        harness.session(MassageSession.newBuilder(s1)
                .setStart(s1.getStart().plusSeconds(30 * 60))
                .build());

        assertThat(harness.newOutput()).isEmpty();
    }
}
