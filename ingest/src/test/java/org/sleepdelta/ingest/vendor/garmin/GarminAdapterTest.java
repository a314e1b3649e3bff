package org.sleepdelta.ingest.vendor.garmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.ingest.vendor.jsonapi.Fixtures;

class GarminAdapterTest {
    private static final AdapterContext MADRID =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/Madrid"));
    private static final String NIGHT = "garmin:x3b9e7d2-69a4b2f0-6978";
    private final GarminAdapter adapter = new GarminAdapter();

    @Test
    void aPushedSummaryTakesTotalSleepAsDeepPlusLightPlusRemAndTimeInBedAsTheDuration() throws Exception {
        // when
        CollectingSink sink = Fixtures.run(adapter, "garmin/push-tentative.json", MADRID);

        // then
        SleepRecord night = sink.record(NIGHT);
        assertThat(night.getClinicId()).isEqualTo("clinic-7");
        assertThat(night.getClientId()).isEqualTo("client-42");
        assertThat(night.getSource()).isEqualTo(SleepSource.GARMIN);
        assertThat(night.getTimezone()).isEqualTo("Europe/Madrid");
        // startTimeInSeconds 1772403600 = 2026-03-01T22:20:00Z; + durationInSeconds 27 000 s (7 h 30 min)
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-01T22:20:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T05:50:00Z"));
        assertThat(night.getTimeInBedMinutes()).isEqualTo(450.0);
        // (5400 deep + 11 400 light + 7800 REM) s = 24 600 s = 410 min; the 2400 s awake are not sleep
        assertThat(night.getTotalSleepMinutes()).isEqualTo(410.0);
        assertThat(night.getDeepMinutes()).isEqualTo(90.0);
        assertThat(night.getLightMinutes()).isEqualTo(190.0);
        assertThat(night.getRemMinutes()).isEqualTo(130.0);
        assertThat(night.getMainSleep()).isNull();
        assertThat(night.getRestingHeartRateBpm()).isNull();
    }

    @Test
    void latencyWasoAndAwakeningsComeFromTheAwakeSegmentsBetweenFirstAndLastSleep() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "garmin/push-tentative.json", MADRID);

        SleepRecord night = sink.record(NIGHT);
        // awake 1772403600..1772404319 (inclusive end): 720 s before the first light segment
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(12.0);
        // awake 300 s from 1772413920 and 120 s from 1772422020; the last 1260 s awake end the night
        assertThat(night.getWasoMinutes()).isEqualTo(7.0);
        assertThat(night.getAwakenings()).isEqualTo(2);
    }

    @Test
    void theFinalSummaryReplacesTheTentativeOneUnderTheSameId() throws Exception {
        // given the tentative summary was passed on earlier
        SleepRecord tentative =
                Fixtures.run(adapter, "garmin/push-tentative.json", MADRID).record(NIGHT);

        // when Garmin pushes the final one
        SleepRecord fin =
                Fixtures.run(adapter, "garmin/push-final.json", MADRID).record(NIGHT);

        // then it has the same identity, so it replaces the tentative record, with the re-scored split
        assertThat(fin.getSourceRecordId()).isEqualTo(tentative.getSourceRecordId());
        assertThat(fin.getDeepMinutes()).isEqualTo(95.0); // 5700 s
        assertThat(fin.getLightMinutes()).isEqualTo(185.0); // 11 100 s
        assertThat(fin.getTotalSleepMinutes()).isEqualTo(410.0);
    }

    @Test
    void aTentativeSummaryAfterTheFinalOneInTheSamePayloadDoesNotUndoIt() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "garmin/push-final-then-tentative.json", MADRID);

        assertThat(sink.records)
                .singleElement()
                .satisfies(r -> assertThat(r.getDeepMinutes()).isEqualTo(95.0));
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("sleeps[1]");
            assertThat(p.field()).isEqualTo("validation");
            assertThat(p.reason()).contains("the final one is kept");
        });
    }

    @Test
    void badSummariesPingsAndOffWristNightsBecomeProblemsAndTheOthersGoThrough() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "garmin/summaries-with-bad-items.json", MADRID);

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly("garmin:x3b9e7d2-69a5fe40-6018", garminId("sd 77a1/0b2c"));
        assertThat(sink.problems)
                .containsExactly(
                        new Problem(
                                "[1]",
                                "callbackURL",
                                "marks a ping notification, which carries no summary: "
                                        + "fetch the callbackURL and send the summaries it returns"),
                        new Problem(
                                "[2]", "validation", "is OFF_WRIST: the device was not worn, so no sleep was measured"),
                        new Problem("[3]", "durationInSeconds", "is required"));
    }

    @Test
    void aSummaryWithoutLevelsOrRemKeepsWhatItHasAndLeavesTheRestOut() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "garmin/summaries-with-bad-items.json", MADRID);

        SleepRecord night = sink.record("garmin:x3b9e7d2-69a5fe40-6018");
        // 23:45 CET = 22:45Z; + 24 600 s (6 h 50 min)
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T22:45:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-03T05:35:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(380.0); // (4800 + 18 000) s
        assertThat(night.getTimeInBedMinutes()).isEqualTo(410.0);
        assertThat(night.getDeepMinutes()).isEqualTo(80.0);
        assertThat(night.getLightMinutes()).isEqualTo(300.0);
        assertThat(night.getRemMinutes()).isNull();
        assertThat(night.getSleepLatencyMinutes()).isNull();
        assertThat(night.getWasoMinutes())
                .as("awakeDurationInSeconds includes latency and final wake")
                .isNull();
        assertThat(night.getAwakenings()).isNull();
    }

    @Test
    void aSummaryIdOutsideTheIdPatternIsCleanedDeterministically() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "garmin/summaries-with-bad-items.json", MADRID);

        SleepRecord night = sink.record(garminId("sd 77a1/0b2c"));
        assertThat(night.getSourceRecordId()).startsWith("garmin:sd_77a1_0b2c.");
        assertThat(night.getTotalSleepMinutes()).isEqualTo(405.0); // (4500 + 13 500 + 6300) s
    }

    @Test
    void withoutTheCallersTimezoneEverySummaryIsATimezoneProblem() throws Exception {
        CollectingSink sink =
                Fixtures.run(adapter, "garmin/push-tentative.json", new AdapterContext("clinic-7", "client-42", null));

        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("sleeps[0]");
            assertThat(p.field()).isEqualTo("timezone");
            assertThat(p.reason()).contains("?timezone=");
        });
    }

    @Test
    void sendingTheSamePayloadAgainGivesTheSameRecords() throws Exception {
        CollectingSink first = Fixtures.run(adapter, "garmin/summaries-with-bad-items.json", MADRID);
        CollectingSink again = Fixtures.run(adapter, "garmin/summaries-with-bad-items.json", MADRID);

        assertThat(again.records).isEqualTo(first.records);
    }

    @Test
    void aTruncatedPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "garmin/truncated.json", MADRID))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anotherVendorsPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "oura/sleep-collection.json", MADRID))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no `sleeps` array");
    }

    /** The documented cleaning: disallowed characters to _, then . and 16 hex digits of SHA-256 of the raw id. */
    private static String garminId(String raw) throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        return "garmin:" + raw.replace(' ', '_').replace('/', '_') + "." + hash;
    }
}
