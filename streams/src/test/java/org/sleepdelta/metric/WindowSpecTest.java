package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.local;
import static org.sleepdelta.metric.Fixtures.session;

import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;

/** Definitions 4 and 5: N0 and the post and baseline nights of each window. */
class WindowSpecTest {

    @Test
    void night0ComparesTheFirstNightAloneWithTheFourteenNightsBefore() {
        // given a session on 10 June 2024, 10:00-11:00 Berlin
        SessionFacts s = session("s1").at("2024-06-10T10:00").lasting(60).facts();
        // when its NIGHT_0 window is laid out
        WindowSpec spec = WindowSpec.night0(s);
        // then post = [10 Jun, 10 Jun], baseline = [27 May, 9 Jun], one post night needed, N0 rule armed
        assertThat(spec.window()).isEqualTo(MetricWindow.NIGHT_0);
        assertThat(spec.firstNight()).isEqualTo(date("2024-06-10"));
        assertThat(spec.postStart()).isEqualTo(date("2024-06-10"));
        assertThat(spec.postEnd()).isEqualTo(date("2024-06-10"));
        assertThat(spec.baselineStart()).isEqualTo(date("2024-05-27"));
        assertThat(spec.baselineEnd()).isEqualTo(date("2024-06-09"));
        assertThat(spec.minPostNights()).isEqualTo(1);
        assertThat(spec.sessionEnd()).isEqualTo(local("2024-06-10T11:00", "Europe/Berlin"));
        assertThat(spec.sessionsInWindow()).isNull();
        assertThat(spec.sessionId()).isEqualTo("s1");
    }

    @Test
    void week1ComparesTheFirstSevenNightsWithTheFourteenNightsBefore() {
        SessionFacts s = session("s1").at("2024-06-10T10:00").facts();
        WindowSpec spec = WindowSpec.week1(s);
        assertThat(spec.window()).isEqualTo(MetricWindow.WEEK_1);
        assertThat(spec.postStart()).isEqualTo(date("2024-06-10"));
        assertThat(spec.postEnd()).isEqualTo(date("2024-06-16"));
        assertThat(spec.baselineStart()).isEqualTo(date("2024-05-27"));
        assertThat(spec.baselineEnd()).isEqualTo(date("2024-06-09"));
        assertThat(spec.minPostNights()).isEqualTo(3);
        assertThat(spec.sessionEnd()).isEqualTo(local("2024-06-10T11:00", "Europe/Berlin"));
        assertThat(spec.sessionsInWindow()).isNull();
    }

    @Test
    void courseComparesWeeksThreeAndFourWithTheFourteenNightsBeforeTheCourse() {
        // given a course opened on 10 June by a deep-tissue session
        SessionFacts opener = session("open")
                .at("2024-06-10T10:00")
                .modality(Modality.DEEP_TISSUE)
                .facts();
        WindowSpec spec = WindowSpec.course(opener, 3);
        // then post = [C0+14, C0+27] = [24 Jun, 7 Jul], baseline = [27 May, 9 Jun], keyed by the opener
        assertThat(spec.window()).isEqualTo(MetricWindow.COURSE_WEEKS_3_4);
        assertThat(spec.sessionId()).isEqualTo("open");
        assertThat(spec.modality()).isEqualTo(Modality.DEEP_TISSUE);
        assertThat(spec.firstNight()).isEqualTo(date("2024-06-10"));
        assertThat(spec.postStart()).isEqualTo(date("2024-06-24"));
        assertThat(spec.postEnd()).isEqualTo(date("2024-07-07"));
        assertThat(spec.baselineStart()).isEqualTo(date("2024-05-27"));
        assertThat(spec.baselineEnd()).isEqualTo(date("2024-06-09"));
        assertThat(spec.minPostNights()).isEqualTo(5);
        assertThat(spec.sessionsInWindow()).isEqualTo(3);
        // no N0 rule: N0 is not one of its post nights
        assertThat(spec.sessionEnd()).isNull();
    }

    @Test
    void windowsCrossingAYearBoundaryCountCalendarDays() {
        // N0 = 5 Jan 2024: baseline [22 Dec 2023, 4 Jan 2024]; leap year course post [19 Jan, 1 Feb]
        SessionFacts s = session("s1").at("2024-01-05T10:00").facts();
        assertThat(WindowSpec.week1(s).baselineStart()).isEqualTo(date("2023-12-22"));
        assertThat(WindowSpec.week1(s).baselineEnd()).isEqualTo(date("2024-01-04"));
        SessionFacts feb = session("s2").at("2024-02-20T10:00").facts();
        // C0 = 20 Feb 2024 (leap year): C0+14 = 5 Mar, C0+27 = 18 Mar
        assertThat(WindowSpec.course(feb, 1).postStart()).isEqualTo(date("2024-03-05"));
        assertThat(WindowSpec.course(feb, 1).postEnd()).isEqualTo(date("2024-03-18"));
    }

    @Test
    void firstNightIsTheLocalDateOfALateEveningSessionInNewYorkNotItsUtcDate() {
        // given 20:30 EDT on 4 June 2024 = 00:30 UTC on 5 June
        SessionFacts s =
                session("ny").zone("America/New_York").at("2024-06-04T20:30").facts();
        assertThat(s.start().toString()).isEqualTo("2024-06-05T00:30:00Z");
        // then N0 is 4 June, and so is the NIGHT_0 window
        assertThat(s.firstNight()).isEqualTo(date("2024-06-04"));
        assertThat(WindowSpec.night0(s).postStart()).isEqualTo(date("2024-06-04"));
        assertThat(WindowSpec.night0(s).baselineEnd()).isEqualTo(date("2024-06-03"));
    }

    @Test
    void firstNightIsTheLocalDateOfAnEarlyMorningSessionInSydneyNotItsUtcDate() {
        // given 08:00 AEST on 10 June 2024 = 22:00 UTC on 9 June
        SessionFacts s =
                session("syd").zone("Australia/Sydney").at("2024-06-10T08:00").facts();
        assertThat(s.start().toString()).isEqualTo("2024-06-09T22:00:00Z");
        assertThat(s.firstNight()).isEqualTo(date("2024-06-10"));
    }

    @Test
    void sessionEndsItsDurationAfterItsStart() {
        SessionFacts s = session("s1").at("2024-06-10T18:00").lasting(90).facts();
        assertThat(s.end()).isEqualTo(local("2024-06-10T19:30", "Europe/Berlin"));
    }
}
