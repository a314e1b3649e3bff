package org.sleepdelta.ingest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.schemas.validation.Violation;

class RetentionWindowTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final RetentionWindow window =
            new RetentionWindow(Clock.fixed(NOW, ZoneOffset.UTC), 60, Duration.ofDays(1));
    private final RetentionWindow.Cutoff cutoff = window.now();

    @Test
    void earliestNightIsTheRetentionBeforeTheDayOfNowPlusTheTolerance() {
        // now + 1 day = 2026-03-11; minus 60 days
        assertThat(cutoff.earliestNight()).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(cutoff.retentionDays()).isEqualTo(60);
        // the tolerance moves the day: 11:59 plus a day and a half is still the 11th, 12:00 is the 12th
        RetentionWindow longTolerance = new RetentionWindow(Clock.fixed(NOW, ZoneOffset.UTC), 60, Duration.ofHours(36));
        assertThat(longTolerance.at(Instant.parse("2026-03-10T11:59:00Z")).earliestNight())
                .isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(longTolerance.at(Instant.parse("2026-03-10T12:00:00Z")).earliestNight())
                .isEqualTo(LocalDate.of(2026, 1, 11));
    }

    @Test
    void sleepIsJudgedByItsNightTheLocalDateOfItsStartMinusTwelveHours() {
        // night of 2026-01-10: a start at 11:59 local on 01-11 still belongs to it
        assertThat(cutoff.outside(sleep("2026-01-10T22:00:00Z", "2026-01-11T06:00:00Z", "UTC")))
                .isEmpty();
        assertThat(cutoff.outside(sleep("2026-01-11T11:59:00Z", "2026-01-11T13:00:00Z", "UTC")))
                .isEmpty();
        // night of 2026-01-09
        assertThat(cutoff.outside(sleep("2026-01-10T11:59:00Z", "2026-01-10T18:00:00Z", "UTC")))
                .contains(new Violation(
                        "sleepStart",
                        "belongs to the night of 2026-01-09, older than the retention of 60 days:"
                                + " the earliest night accepted now is 2026-01-10"));
        // in Tokyo, 2026-01-10T13:00Z is 22:00 on the 10th: night of the 10th
        assertThat(cutoff.outside(sleep("2026-01-10T13:00:00Z", "2026-01-10T21:00:00Z", "Asia/Tokyo")))
                .isEmpty();
        // in Honolulu, 2026-01-10T13:00Z is 03:00 on the 10th: night of the 9th
        assertThat(cutoff.outside(sleep("2026-01-10T13:00:00Z", "2026-01-10T21:00:00Z", "Pacific/Honolulu")))
                .isPresent();
    }

    @Test
    void sessionIsJudgedByTheLocalDateOfItsStart() {
        assertThat(cutoff.outside(session("2026-01-10T00:30:00Z", "UTC"))).isEmpty();
        assertThat(cutoff.outside(session("2026-01-09T23:30:00Z", "UTC")))
                .contains(
                        new Violation(
                                "start",
                                "is on 2026-01-09, older than the retention of 60 days: the earliest date accepted now is 2026-01-10"));
        assertThat(cutoff.outside(session("2026-01-09T23:30:00Z", "Europe/Berlin")))
                .isEmpty();
    }

    @Test
    void deletionsHaveNoDatesAndAreNeverOutside() {
        SleepRecord deletion = SleepRecord.newBuilder()
                .setClinicId("c")
                .setClientId("x")
                .setSource(SleepSource.OURA)
                .setSourceRecordId("r")
                .setDeleted(true)
                .build();
        assertThat(cutoff.outside(deletion)).isEmpty();
    }

    @Test
    void theWindowMovesWithTheClock() {
        SleepRecord night = sleep("2026-01-10T22:00:00Z", "2026-01-11T06:00:00Z", "UTC");
        assertThat(window.at(NOW).outside(night)).isEmpty();
        assertThat(window.at(NOW.plus(Duration.ofDays(1))).outside(night)).isPresent();
    }

    @Test
    void aRetentionOfLessThanADayIsRefused() {
        assertThatThrownBy(() -> new RetentionWindow(Clock.systemUTC(), 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static SleepRecord sleep(String start, String end, String zone) {
        return SleepRecord.newBuilder()
                .setClinicId("c")
                .setClientId("x")
                .setSource(SleepSource.OURA)
                .setSourceRecordId("r")
                .setSleepStart(Instant.parse(start))
                .setSleepEnd(Instant.parse(end))
                .setTimezone(zone)
                .setTotalSleepMinutes(60.0)
                .build();
    }

    static MassageSession session(String start, String zone) {
        return MassageSession.newBuilder()
                .setClinicId("c")
                .setClientId("x")
                .setSessionId("s")
                .setModality(Modality.SWEDISH)
                .setStart(Instant.parse(start))
                .setDurationMinutes(60)
                .setTimezone(zone)
                .setStatus(SessionStatus.COMPLETED)
                .build();
    }
}
