package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.TestData.key;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;

/**
 * Which sessions open a course (first, or N0 at least 28 nights after the previous completed session's N0), and
 * how course keys appear, vanish and recount as sessions are inserted, cancelled and moved.
 */
class CourseBoundaryTest {
    static final LocalDate FEB_2 = LocalDate.of(2026, 2, 2);
    static final String S1_COURSE = key("s1", MetricWindow.COURSE_WEEKS_3_4);
    static final String S3_COURSE = key("s3", MetricWindow.COURSE_WEEKS_3_4);

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        assertThat(harness.rejections()).isEmpty();
        harness.close();
    }

    private static MassageSession session(String id, LocalDate n0) {
        return TestData.session(id, n0, LocalTime.of(10, 0)).build();
    }

    @ParameterizedTest(name = "{0} nights after the previous session: opens a course = {1}")
    @CsvSource({"27, false", "28, true", "29, true"})
    void aSessionOpensACourseOnlyAtLeast28NightsAfterThePreviousOne(int gap, boolean opens) {
        harness.session(session("s1", FEB_2)).session(session("s2", FEB_2.plusDays(gap)));

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();

        assertThat(dashboard.containsKey(key("s2", MetricWindow.COURSE_WEEKS_3_4)))
                .isEqualTo(opens);
        assertThat(dashboard).containsKeys(S1_COURSE, key("s2", MetricWindow.NIGHT_0), key("s2", MetricWindow.WEEK_1));
        assertThat(dashboard).hasSize(opens ? 6 : 5);
        // the later session counts towards s1's course only if its N0 is within C0..C0+27
        assertThat(dashboard.get(S1_COURSE).getSessionsInWindow()).isEqualTo(gap <= 27 ? 2 : 1);
    }

    @Test
    void sessionsInWindowCountsOnlyCourseSessionsWithN0InItsFirst28Nights() {
        harness.session(session("s1", FEB_2));
        harness.session(session("s2", LocalDate.of(2026, 3, 1))); // C0 + 27: counted
        harness.session(session("s3", LocalDate.of(2026, 3, 2))); // C0 + 28, same course (1 night after s2): not
        harness.session(MassageSession.newBuilder(session("s4", LocalDate.of(2026, 2, 10)))
                .setStatus(SessionStatus.NO_SHOW)
                .build()); // not completed: not counted

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();

        assertThat(dashboard.get(S1_COURSE).getSessionsInWindow()).isEqualTo(2);
        assertThat(dashboard.keySet().stream().filter(k -> k.endsWith("/COURSE_WEEKS_3_4")))
                .containsExactly(S1_COURSE);
    }

    @Test
    void aSessionBridgingTwoCoursesMergesThemAndCancellingItSplitsThemAgain() {
        // given: s1 on Feb 2 and s3 on Mar 9, 35 nights apart: two courses
        harness.session(session("s1", FEB_2)).session(session("s3", LocalDate.of(2026, 3, 9)));
        Map<String, SleepChangeMetric> twoCourses = harness.dashboardState();
        assertThat(twoCourses).containsKeys(S1_COURSE, S3_COURSE).hasSize(6);
        assertThat(twoCourses.get(S1_COURSE).getSessionsInWindow()).isEqualTo(1);

        // when: s2 on Feb 23 (21 nights after s1, 14 before s3) joins them into one course
        MassageSession s2 = session("s2", LocalDate.of(2026, 2, 23));
        harness.session(s2);

        List<TestRecord<String, SleepChangeMetric>> merged = harness.newOutput();
        assertThat(merged)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(
                        key("s2", MetricWindow.NIGHT_0), key("s2", MetricWindow.WEEK_1), S1_COURSE, S3_COURSE);
        Map<String, SleepChangeMetric> afterMerge = TopologyHarness.byKey(merged);
        assertThat(afterMerge.get(S3_COURSE)).as("s3 no longer opens a course").isNull();
        assertThat(afterMerge.get(S1_COURSE).getSessionsInWindow()).isEqualTo(2);
        assertThat(afterMerge.get(S1_COURSE).getRevision()).isEqualTo(2);

        // when: s2 is cancelled, the two courses are back
        harness.session(
                MassageSession.newBuilder(s2).setStatus(SessionStatus.CANCELLED).build());

        List<TestRecord<String, SleepChangeMetric>> split = harness.newOutput();
        assertThat(split)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(
                        key("s2", MetricWindow.NIGHT_0), key("s2", MetricWindow.WEEK_1), S1_COURSE, S3_COURSE);
        Map<String, SleepChangeMetric> afterSplit = TopologyHarness.byKey(split);
        assertThat(afterSplit.get(key("s2", MetricWindow.NIGHT_0))).isNull();
        assertThat(afterSplit.get(key("s2", MetricWindow.WEEK_1))).isNull();
        assertThat(afterSplit.get(S1_COURSE).getSessionsInWindow()).isEqualTo(1);
        assertThat(afterSplit.get(S1_COURSE).getRevision()).isEqualTo(3);
        SleepChangeMetric s3Course = afterSplit.get(S3_COURSE);
        assertThat(s3Course).as("s3 opens its course again").isNotNull();
        assertThat(s3Course.getRevision()).as("continues after the tombstone").isEqualTo(2);
        assertThat(SleepChangeMetric.newBuilder(s3Course).setRevision(1).build())
                .isEqualTo(twoCourses.get(S3_COURSE));
        assertThat(harness.dashboardState()).isEqualTo(withoutRevisionChange(twoCourses, afterSplit));
    }

    @Test
    void reschedulingASessionIntoTheGapMergesTheCourses() {
        harness.session(session("s1", FEB_2)).session(session("s2", LocalDate.of(2026, 3, 9)));
        harness.newOutput();

        harness.session(session("s2", LocalDate.of(2026, 2, 20)));

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        assertThat(out)
                .containsOnlyKeys(
                        key("s2", MetricWindow.NIGHT_0),
                        key("s2", MetricWindow.WEEK_1),
                        key("s2", MetricWindow.COURSE_WEEKS_3_4),
                        S1_COURSE);
        assertThat(out.get(key("s2", MetricWindow.COURSE_WEEKS_3_4))).isNull();
        assertThat(out.get(key("s2", MetricWindow.NIGHT_0)).getFirstNight()).isEqualTo(LocalDate.of(2026, 2, 20));
        assertThat(out.get(S1_COURSE).getSessionsInWindow()).isEqualTo(2);
    }

    @Test
    void movingTheFirstSessionFarAwayMakesTheNextOneOpenACourse() {
        // s2 is 14 nights after s1; only s1's old start is near it
        harness.session(session("s1", FEB_2)).session(session("s2", LocalDate.of(2026, 2, 16)));
        assertThat(harness.dashboardState()).doesNotContainKey(key("s2", MetricWindow.COURSE_WEEKS_3_4));

        harness.session(session("s1", LocalDate.of(2026, 6, 1)));

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        assertThat(out)
                .containsOnlyKeys(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        S1_COURSE,
                        key("s2", MetricWindow.COURSE_WEEKS_3_4));
        SleepChangeMetric s2Course = out.get(key("s2", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(s2Course.getFirstNight()).isEqualTo(LocalDate.of(2026, 2, 16));
        assertThat(s2Course.getSessionsInWindow()).isEqualTo(1);
        assertThat(out.get(S1_COURSE).getFirstNight()).isEqualTo(LocalDate.of(2026, 6, 1));
    }

    /** The earlier dashboard with the revisions the given re-emissions carry. */
    private static Map<String, SleepChangeMetric> withoutRevisionChange(
            Map<String, SleepChangeMetric> earlier, Map<String, SleepChangeMetric> reEmitted) {
        Map<String, SleepChangeMetric> expected = new HashMap<>();
        earlier.forEach((k, v) -> expected.put(
                k,
                reEmitted.containsKey(k)
                        ? SleepChangeMetric.newBuilder(v)
                                .setRevision(reEmitted.get(k).getRevision())
                                .build()
                        : v));
        return expected;
    }
}
