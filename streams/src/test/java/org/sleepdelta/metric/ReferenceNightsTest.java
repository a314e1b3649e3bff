package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.session;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Definitions 5 and 9: the reference nights an adjusted change compares with. */
class ReferenceNightsTest {
    /** N0 = 10 June: reference nights 29 April .. 26 May, baseline 27 May .. 9 June. */
    private static final WindowSpec WEEK_1 =
            WindowSpec.week1(session("s1").at("2024-06-10T18:00").lasting(60).facts());

    @Test
    void theReferenceIsTheFourWeeksBeforeTheBaseline() {
        ReferenceNights reference = ReferenceNights.of(WEEK_1, List.of());
        assertThat(reference.start()).isEqualTo(date("2024-04-29"));
        assertThat(reference.end()).isEqualTo(date("2024-05-26"));
        assertThat(reference.includes(date("2024-04-28"))).isFalse();
        assertThat(reference.includes(date("2024-04-29"))).isTrue();
        assertThat(reference.includes(date("2024-05-26"))).isTrue();
        assertThat(reference.includes(date("2024-05-27")))
                .as("first baseline night")
                .isFalse();
    }

    @Test
    void anotherSessionsBaselineAndFirstPostWeekAreLeftOut() {
        // another session on 15 May: nights 1..14 May are its baseline, 15..21 May its WEEK_1 post nights
        ReferenceNights reference = ReferenceNights.of(WEEK_1, List.of(date("2024-05-15")));
        assertThat(reference.includes(date("2024-04-30"))).isTrue();
        assertThat(reference.includes(date("2024-05-01"))).isFalse();
        assertThat(reference.includes(date("2024-05-15"))).isFalse();
        assertThat(reference.includes(date("2024-05-21"))).isFalse();
        assertThat(reference.includes(date("2024-05-22"))).isTrue();
    }

    @Test
    void anotherSessionsTwoWeeksBeforeAreLeftOutTooForItsBookingMayHaveChosenThem() {
        // another session on 1 June (inside this window's baseline): its nights 18..31 May reach into the reference
        ReferenceNights reference = ReferenceNights.of(WEEK_1, List.of(date("2024-06-01")));
        assertThat(reference.includes(date("2024-05-17"))).isTrue();
        assertThat(reference.includes(date("2024-05-18"))).isFalse();
        assertThat(reference.includes(date("2024-05-26"))).isFalse();
        assertThat(ReferenceNights.lastRelevantSession(WEEK_1)).isEqualTo(date("2024-06-09"));
    }

    @Test
    void aSessionJustBeforeTheReferenceReachesIntoIt() {
        // a session on 23 April: its post week 23..29 April covers the reference's first night
        ReferenceNights reference = ReferenceNights.of(WEEK_1, List.of(date("2024-04-23"), date("2024-04-22")));
        assertThat(reference.otherFirstNights()).containsExactly(date("2024-04-23"));
        assertThat(reference.includes(date("2024-04-29"))).isFalse();
        assertThat(reference.includes(date("2024-04-30"))).isTrue();
    }

    @Test
    void sessionsThatCannotTouchTheReferenceAreDropped() {
        List<LocalDate> others = List.of(date("2024-06-10"), date("2024-06-12"), date("2024-04-01"));
        assertThat(ReferenceNights.of(WEEK_1, others).otherFirstNights()).isEmpty();
        assertThat(ReferenceNights.firstRelevantSession(WEEK_1)).isEqualTo(date("2024-04-23"));
    }

    @Test
    void aCourseWindowsReferenceHangsOffItsFirstNight() {
        WindowSpec course = WindowSpec.course(
                session("s1").at("2024-06-10T18:00").lasting(60).facts(), 3);
        ReferenceNights reference = ReferenceNights.of(course, List.of());
        assertThat(reference.start()).isEqualTo(date("2024-04-29"));
        assertThat(reference.end()).isEqualTo(date("2024-05-26"));
    }
}
