package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

class IngestRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final IngestRules rules = new IngestRules(Clock.fixed(NOW, ZoneOffset.UTC), 60, Duration.ofDays(1));

    @Test
    void eventsUpToTheToleranceAfterNowPassAndLaterOnesDoNot() {
        assertThat(rules.check(CanonicalRecord.of(sleep("2026-03-11T04:00:00Z", "2026-03-11T12:00:00Z", "UTC"))))
                .isEmpty();
        assertThat(rules.check(CanonicalRecord.of(sleep("2026-03-11T04:00:00Z", "2026-03-11T12:00:01Z", "UTC"))))
                .containsExactly(new Violation("sleepEnd", "must not be more than 1 day in the future"));
        assertThat(rules.check(CanonicalRecord.of(session("2026-03-11T12:00:00Z", "UTC"))))
                .isEmpty();
        assertThat(rules.check(CanonicalRecord.of(session("2026-03-11T12:00:01Z", "UTC"))))
                .containsExactly(new Violation("start", "must not be more than 1 day in the future"));
    }

    @Test
    void beingOlderThanTheRetentionDoesNotMakeARecordInvalidTheWindowSaysItIsOutside() {
        // given a night and a session before the earliest night (2026-01-10; the window is RetentionWindowTest's)
        SleepRecord oldNight = sleep("2026-01-10T11:59:00Z", "2026-01-10T18:00:00Z", "UTC");
        MassageSession oldSession = session("2026-01-09T23:30:00Z", "UTC");

        // then
        assertThat(rules.check(CanonicalRecord.of(oldNight))).isEmpty();
        assertThat(rules.check(CanonicalRecord.of(oldSession))).isEmpty();
        assertThat(rules.retention().now().earliestNight()).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(rules.retention().now().outside(oldNight))
                .contains(new Violation(
                        "sleepStart",
                        "belongs to the night of 2026-01-09, older than the retention of 60 days:"
                                + " the earliest night accepted now is 2026-01-10"));
        assertThat(rules.retention().now().outside(oldSession))
                .contains(
                        new Violation(
                                "start",
                                "is on 2026-01-09, older than the retention of 60 days: the earliest date accepted now is 2026-01-10"));
    }

    @Test
    void deletionsHaveNoDatesToJudge() {
        SleepRecord deletion = SleepRecord.newBuilder()
                .setClinicId("c")
                .setClientId("x")
                .setSource(SleepSource.OURA)
                .setSourceRecordId("r")
                .setDeleted(true)
                .build();
        assertThat(rules.check(CanonicalRecord.of(deletion))).isEmpty();
    }

    @Test
    void durationsReadAsPeople() {
        assertThat(IngestRules.describe(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(IngestRules.describe(Duration.ofHours(36))).isEqualTo("36 hours");
        assertThat(IngestRules.describe(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(IngestRules.describe(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(IngestRules.describe(Duration.ZERO)).isEqualTo("0 seconds");
    }

    private static SleepRecord sleep(String start, String end, String zone) {
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

    private static MassageSession session(String start, String zone) {
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
