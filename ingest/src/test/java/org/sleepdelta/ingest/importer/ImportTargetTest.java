package org.sleepdelta.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

class ImportTargetTest {
    private final StringWriter canonical = new StringWriter();
    private final StringWriter problems = new StringWriter();
    /** The earliest night accepted is 2026-01-10, as for the HTTP API at this time with a retention of 60 days. */
    private static final RetentionWindow RETENTION = new RetentionWindow(
            Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC), 60, Duration.ofDays(1));

    private final ImportTarget target =
            ImportTarget.dryRun(new PrintWriter(canonical), new PrintWriter(problems), RETENTION);

    private static SleepRecord night() {
        return night("oura:1", "2026-03-02");
    }

    private static SleepRecord night(String id, String date) {
        LocalDate night = LocalDate.parse(date);
        return SleepRecord.newBuilder()
                .setClinicId("k")
                .setClientId("c")
                .setSource(SleepSource.OURA)
                .setSourceRecordId(id)
                .setSleepStart(Instant.parse(night + "T22:00:00Z"))
                .setSleepEnd(Instant.parse(night.plusDays(1) + "T06:00:00Z"))
                .setTimezone("UTC")
                .setTotalSleepMinutes(420.0)
                .build();
    }

    private static MassageSession session(String id, String start) {
        return MassageSession.newBuilder()
                .setClinicId("k")
                .setClientId("c")
                .setSessionId(id)
                .setModality(Modality.SWEDISH)
                .setStart(Instant.parse(start))
                .setDurationMinutes(60)
                .setTimezone("UTC")
                .setStatus(SessionStatus.COMPLETED)
                .build();
    }

    @Test
    void aFileRowOlderThanTheRetentionIsRejectedAsTooLateWithFileAndLineNotPrinted() {
        RecordSink sink = target.forFile(Path.of("/data/bookings.csv"));

        sink.record(2, CanonicalRecord.of(session("s1", "2026-03-01T17:00:00Z")));
        sink.record(3, CanonicalRecord.of(session("s2", "2026-01-09T17:00:00Z")));
        target.close();

        assertThat(canonical.toString()).contains("\"sessionId\":\"s1\"").doesNotContain("\"s2\"");
        assertThat(problems.toString())
                .contains("bookings.csv:3: start: is on 2026-01-09, older than the retention of"
                        + " 60 days: the earliest date accepted now is 2026-01-10");
        assertThat(target.summary().acceptedCount()).isEqualTo(1);
        assertThat(target.summary().rejectedCount()).isEqualTo(1);
        assertThat(target.summary().rejectedByReason())
                .containsExactly(Map.entry("older than the retention of 60 days (TOO_LATE)", 1L));
    }

    @Test
    void aPayloadRecordOlderThanTheRetentionIsRejectedWithItsLocationAndADeletionNever() {
        NormalisedSink sink = target.forPayload(Path.of("/data/oura.json"));

        sink.record("data[0]", night("oura:old", "2026-01-09"));
        sink.record("data[1]", night("oura:new", "2026-01-10"));
        sink.record(
                "data[2]",
                SleepRecord.newBuilder()
                        .setClinicId("k")
                        .setClientId("c")
                        .setSource(SleepSource.OURA)
                        .setSourceRecordId("oura:gone")
                        .setDeleted(true)
                        .build());
        target.close();

        assertThat(problems.toString())
                .contains("oura.json: data[0].sleepStart: belongs to the night of 2026-01-09,"
                        + " older than the retention of 60 days: the earliest night accepted now is 2026-01-10");
        assertThat(canonical.toString()).contains("oura:new", "oura:gone").doesNotContain("oura:old");
        assertThat(target.summary().acceptedCount()).isEqualTo(2);
        assertThat(target.summary().rejectedCount()).isEqualTo(1);
    }

    @Test
    void aPayloadItemWithTwoProblemsCountsAsOneRejectedRecordWithBothReasons() {
        NormalisedSink sink = target.forPayload(Path.of("/data/oura.json"));

        sink.record(night());
        sink.problem(new Problem("data[2]", "totalSleepMinutes", "must not exceed timeInBedMinutes"));
        sink.problem(new Problem("data[2]", "hrvRmssdMs", "must be from 0 to 500"));
        sink.problem(new Problem("data[5]", null, "type is not a sleep type"));
        target.close();

        assertThat(target.summary().acceptedCount()).isEqualTo(1);
        assertThat(target.summary().rejectedCount()).isEqualTo(2);
        assertThat(target.summary().rejectedByReason()).hasSize(3);
        assertThat(canonical.toString()).startsWith("{\"clinicId\":\"k\"").contains("\"sourceRecordId\":\"oura:1\"");
        assertThat(problems.toString())
                .contains(
                        "oura.json: data[2].totalSleepMinutes: must not exceed timeInBedMinutes",
                        "oura.json: data[5]: type is not a sleep type");
    }

    @Test
    void aRejectedFileLineIsReportedWithFileAndLine() {
        RecordSink sink = target.forFile(Path.of("sleep.jsonl"));

        sink.rejected(7, "{...}", List.of(new Violation("sleepEnd", "must be after sleepStart")));
        target.close();

        assertThat(problems.toString()).contains("sleep.jsonl:7: sleepEnd: must be after sleepStart");
        assertThat(target.summary().rejectedCount()).isEqualTo(1);
        assertThat(canonical.toString()).isEmpty();
    }
}
