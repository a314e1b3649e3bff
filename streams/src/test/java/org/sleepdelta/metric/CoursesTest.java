package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;

/** Definition 5, courses: which session opens a course and how many sessions its window counts. */
class CoursesTest {

    /** A Berlin session at 10:00 on {@code day}: its N0 is {@code day}. */
    private static SessionFacts on(String id, String day) {
        return session(id).at(day + "T10:00").facts();
    }

    /** Course openers mapped to their sessionsInWindow, for sessions given in start order. */
    private static Map<String, Integer> courses(SessionFacts... inStartOrder) {
        Map<String, Integer> courses = new LinkedHashMap<>();
        for (WindowSpec spec : BatchComputation.windows(List.of(inStartOrder))) {
            if (spec.window() == MetricWindow.COURSE_WEEKS_3_4) {
                courses.put(spec.sessionId(), spec.sessionsInWindow());
            }
        }
        return courses;
    }

    @Test
    void theClientsFirstSessionOpensACourse() {
        assertThat(Courses.opensCourse(on("s1", "2024-06-01"), null)).isTrue();
        assertThat(courses(on("s1", "2024-06-01"))).containsExactly(Map.entry("s1", 1));
    }

    @Test
    void aSession27NightsAfterThePreviousOneStaysInTheCourse() {
        assertThat(Courses.opensCourse(on("s2", "2024-06-28"), on("s1", "2024-06-01")))
                .isFalse();
    }

    @Test
    void aSession28NightsAfterThePreviousOneOpensANewCourse() {
        assertThat(Courses.opensCourse(on("s2", "2024-06-29"), on("s1", "2024-06-01")))
                .isTrue();
        assertThat(courses(on("s1", "2024-06-01"), on("s2", "2024-06-29")))
                .containsExactly(Map.entry("s1", 1), Map.entry("s2", 1));
    }

    @Test
    void theGapIsMeasuredFromThePreviousSessionNotFromTheCoursesFirst() {
        // given sessions 20 days apart: the third is 40 days after C0 but only 20 after its predecessor
        Map<String, Integer> courses = courses(on("s1", "2024-06-01"), on("s2", "2024-06-21"), on("s3", "2024-07-11"));
        // then one course; its window [1 Jun, 28 Jun] holds s1 and s2
        assertThat(courses).containsExactly(Map.entry("s1", 2));
    }

    @Test
    void theGapIsMeasuredBetweenFirstNightsInEachSessionsOwnZone() {
        // given 20:00 EDT on 1 June (00:00 UTC on 2 June, N0 = 1 June) and 10:00 Berlin on 29 June (N0 = 29 June)
        SessionFacts newYork =
                session("ny").zone("America/New_York").at("2024-06-01T20:00").facts();
        SessionFacts berlin = on("ber", "2024-06-29");
        // then they are 28 nights apart (27 by UTC date, 27 days 8 h by the clock), so a new course opens
        assertThat(newYork.firstNight()).isEqualTo(date("2024-06-01"));
        assertThat(Courses.opensCourse(berlin, newYork)).isTrue();
    }

    @Test
    void theOpenerCountsItself() {
        assertThat(Courses.sessionsInWindow(on("s1", "2024-06-01"), List.of())).isEqualTo(1);
    }

    @Test
    void aSessionOnC0Plus27CountsInTheWindow() {
        assertThat(courses(on("s1", "2024-06-01"), on("s2", "2024-06-28"))).containsExactly(Map.entry("s1", 2));
    }

    @Test
    void aSessionOfTheSameCourseOnC0Plus28DoesNotCount() {
        // 1 June, 15 June, 29 June: one course (gaps of 14), window [1 Jun, 28 Jun]
        assertThat(courses(on("s1", "2024-06-01"), on("s2", "2024-06-15"), on("s3", "2024-06-29")))
                .containsExactly(Map.entry("s1", 2));
    }

    @Test
    void aWeeklyCourseOfFiveSessionsCountsTheFourInItsWindow() {
        // 1, 8, 15, 22, 29 June: the last is C0+28
        assertThat(courses(
                        on("a", "2024-06-01"),
                        on("b", "2024-06-08"),
                        on("c", "2024-06-15"),
                        on("d", "2024-06-22"),
                        on("e", "2024-06-29")))
                .containsExactly(Map.entry("a", 4));
    }

    @Test
    void sessionsOfTheNextCourseDoNotCountEvenWhenTheirFirstNightFallsInTheWindow() {
        // given A at 00:30 on 1 June in Kiritimati (UTC+14, = 10:30 UTC 31 May): C0 = 1 June
        SessionFacts a =
                session("a").zone("Pacific/Kiritimati").at("2024-06-01T00:30").facts();
        // and B a minute later at 23:31 on 30 May in Pago Pago (UTC-11): N0 = 30 May, same course, before C0
        SessionFacts b =
                session("b").zone("Pacific/Pago_Pago").at("2024-05-30T23:31").facts();
        // and C on 27 June in Berlin: 28 nights after B, so it opens the next course, though 27 June is in [C0, C0+27]
        SessionFacts c = on("c", "2024-06-27");
        assertThat(b.start()).isAfter(a.start());
        assertThat(b.firstNight()).isEqualTo(date("2024-05-30"));

        // then A's course counts only A (B is before C0, C belongs to the next course)
        assertThat(courses(a, b, c)).containsExactly(Map.entry("a", 1), Map.entry("c", 1));
    }

    @Test
    void aLaterSessionWhoseLocalDateIsTwoDaysEarlierThanItsPredecessorsStillCounts() {
        // given a course from 1 June (window [1 Jun, 28 Jun]) and a session on 20 June, all Berlin
        SessionFacts opener = on("a", "2024-06-01");
        SessionFacts middle = on("b", "2024-06-20");
        // then 00:30 on 30 June in Kiritimati (10:30 UTC 29 June): N0 = 30 June, outside the window
        SessionFacts farEast =
                session("c").zone("Pacific/Kiritimati").at("2024-06-30T00:30").facts();
        // and a minute later 23:31 on 28 June in Pago Pago (10:31 UTC 29 June): N0 = 28 June = C0+27, inside
        SessionFacts farWest =
                session("d").zone("Pacific/Pago_Pago").at("2024-06-28T23:31").facts();
        assertThat(farWest.start()).isAfter(farEast.start());

        // then a, b and d count: offsets 25 h apart put start order and N0 order two days apart
        assertThat(Courses.sessionsInWindow(opener, List.of(middle, farEast, farWest)))
                .isEqualTo(3);
        assertThat(courses(opener, middle, farEast, farWest)).containsExactly(Map.entry("a", 3));
    }

    @Test
    void sessionsStartingAtTheSameInstantAreOrderedById() {
        SessionFacts b = session("b").at("2024-06-01T10:00").facts();
        SessionFacts a = session("a").at("2024-06-01T10:00").facts();
        SessionFacts earlier = session("z").at("2024-06-01T09:00").facts();
        List<SessionFacts> sessions = new ArrayList<>(List.of(b, a, earlier));
        sessions.sort(SessionFacts.BY_START);
        assertThat(sessions).extracting(SessionFacts::sessionId).containsExactly("z", "a", "b");
    }

    @Test
    void ofTwoSessionsStartingTogetherTheSmallerIdOpensTheCourseAndTheOtherCounts() {
        SessionFacts b = session("b").at("2024-06-01T10:00").facts();
        SessionFacts a = session("a").at("2024-06-01T10:00").facts();
        List<SessionFacts> sessions = new ArrayList<>(List.of(b, a));
        sessions.sort(SessionFacts.BY_START);
        assertThat(courses(sessions.toArray(SessionFacts[]::new))).containsExactly(Map.entry("a", 2));
    }

    @Test
    void everyCompletedSessionGetsNight0AndWeek1Windows() {
        List<WindowSpec> specs = BatchComputation.windows(List.of(on("s1", "2024-06-01"), on("s2", "2024-06-08")));
        assertThat(specs)
                .extracting(s -> s.sessionId() + "/" + s.window())
                .containsExactlyInAnyOrder("s1/NIGHT_0", "s1/WEEK_1", "s1/COURSE_WEEKS_3_4", "s2/NIGHT_0", "s2/WEEK_1");
    }
}
