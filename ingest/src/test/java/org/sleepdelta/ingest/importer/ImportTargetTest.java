package org.sleepdelta.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.validation.Violation;

class ImportTargetTest {
    private final StringWriter canonical = new StringWriter();
    private final StringWriter problems = new StringWriter();
    private final ImportTarget target = ImportTarget.dryRun(new PrintWriter(canonical), new PrintWriter(problems));

    private static SleepRecord night() {
        return SleepRecord.newBuilder().setClinicId("k").setClientId("c").setSource(SleepSource.OURA)
                .setSourceRecordId("oura:1").setSleepStart(Instant.parse("2026-03-02T22:00:00Z"))
                .setSleepEnd(Instant.parse("2026-03-03T06:00:00Z")).setTimezone("UTC").setTotalSleepMinutes(420.0).build();
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
        assertThat(problems.toString()).contains("oura.json: data[2].totalSleepMinutes: must not exceed timeInBedMinutes",
                "oura.json: data[5]: type is not a sleep type");
    }

    @Test
    void aRejectedFileLineIsReportedWithFileAndLine() {
        RecordSink<SleepRecord> sink = target.forFile(Path.of("sleep.jsonl"));

        sink.rejected(7, "{...}", List.of(new Violation("sleepEnd", "must be after sleepStart")));
        target.close();

        assertThat(problems.toString()).contains("sleep.jsonl:7: sleepEnd: must be after sleepStart");
        assertThat(target.summary().rejectedCount()).isEqualTo(1);
        assertThat(canonical.toString()).isEmpty();
    }
}
