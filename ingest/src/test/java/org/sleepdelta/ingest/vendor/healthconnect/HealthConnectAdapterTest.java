package org.sleepdelta.ingest.vendor.healthconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.ingest.vendor.Fixtures.CLIENT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.Fixtures;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;

class HealthConnectAdapterTest {

    private final HealthConnectAdapter adapter = new HealthConnectAdapter();

    private CollectingSink normalise(byte[] payload, AdapterContext context) throws IOException, PayloadException {
        CollectingSink sink = new CollectingSink();
        adapter.normalise(new ByteArrayInputStream(payload), context, sink);
        return sink;
    }

    private CollectingSink sessions() throws IOException, PayloadException {
        return normalise(Fixtures.bytes("health-connect/sessions.json"), CLIENT);
    }

    @Test
    void stagedSessionSumsItsStagesAndCountsOutOfBedAsWakeButNotAsTimeInBed() throws Exception {
        // given 22:00-06:00Z: AWAKE_IN_BED 20, LIGHT 70, DEEP 60, AWAKE 10, OUT_OF_BED 15, LIGHT 95, REM 50,
        // LIGHT 80, DEEP 30, REM 35, AWAKE_IN_BED 15
        // when
        SleepRecord night = sessions().finalState().get("8f1c2f54-6f7e-4b8a-9a43-2c1d5e6f7a80");

        // then
        assertThat(night.getSource()).isEqualTo(SleepSource.HEALTH_CONNECT);
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T22:00:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-03T06:00:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(420.0); // 70 + 60 + 95 + 50 + 80 + 30 + 35
        assertThat(night.getTimeInBedMinutes()).isEqualTo(465.0); // 480 minus 15 out of bed
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(20.0); // AWAKE_IN_BED 22:00-22:20 before onset
        assertThat(night.getWasoMinutes()).isEqualTo(25.0); // AWAKE 10 + OUT_OF_BED 15, back to back
        assertThat(night.getAwakenings()).isEqualTo(1); // ...so one awakening
        assertThat(night.getDeepMinutes()).isEqualTo(90.0); // 60 + 30
        assertThat(night.getRemMinutes()).isEqualTo(85.0); // 50 + 35
        assertThat(night.getLightMinutes()).isEqualTo(245.0); // 70 + 95 + 80
        assertThat(night.getMainSleep()).isNull();
        assertThat(night.getTimezone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void unstagedSleepingStagesAreUnionedAndUnknownTimeIsNeitherSleepNorWake() throws Exception {
        // given 21:30-05:30Z: UNKNOWN 21:30-21:40, SLEEPING 21:40-01:10, AWAKE 01:10-01:25, SLEEPING 01:25-05:20,
        // SLEEPING 05:00-05:20 again (overlap), AWAKE_IN_BED 05:20-05:30
        // when
        SleepRecord night = sessions().finalState().get("c3d9a1f0-2b6e-4f8a-b1c7-6e5d4a3b2c19");

        // then asleep 210 + 235 = 445 (the overlap counted once); 21:40 -> 05:20 is 460 = 445 + 15 awake
        assertThat(night.getTotalSleepMinutes()).isEqualTo(445.0);
        assertThat(night.getTimeInBedMinutes()).isEqualTo(480.0);
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(10.0);
        assertThat(night.getWasoMinutes()).isEqualTo(15.0);
        assertThat(night.getAwakenings()).isEqualTo(1);
        assertThat(night.getDeepMinutes()).isNull();
        assertThat(night.getLightMinutes()).isNull();
    }

    @Test
    void sessionWithoutStagesIsAllSleepAndNothingElseIsClaimed() throws Exception {
        // given a 12:30-13:10Z session with no stages and no metadata.id
        // when
        SleepRecord nap = sessions().records.stream()
                .filter(r -> r.getSleepStart().equals(Instant.parse("2026-03-04T12:30:00Z")))
                .findFirst()
                .orElseThrow();

        // then
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(40.0);
        assertThat(nap.getTimeInBedMinutes()).isEqualTo(40.0);
        assertThat(nap.getSleepLatencyMinutes()).isNull();
        assertThat(nap.getWasoMinutes()).isNull();
        assertThat(nap.getAwakenings()).isNull();
        assertThat(nap.getSourceRecordId()).matches("hc-[0-9a-f]{32}");
    }

    @Test
    void sessionWithoutAnIdGetsTheSameHashedIdEveryTimeAndADifferentOneForOtherTimes() throws Exception {
        // given
        String body = "{\"startTime\":\"2026-03-04T12:30:00Z\",\"endTime\":\"2026-03-04T13:10:00Z\"}";
        String later = "{\"startTime\":\"2026-03-04T12:30:00Z\",\"endTime\":\"2026-03-04T13:20:00Z\"}";

        // when
        String first = normalise(body.getBytes(StandardCharsets.UTF_8), CLIENT)
                .records
                .get(0)
                .getSourceRecordId();
        String again = normalise(body.getBytes(StandardCharsets.UTF_8), CLIENT)
                .records
                .get(0)
                .getSourceRecordId();
        String other = normalise(later.getBytes(StandardCharsets.UTF_8), CLIENT)
                .records
                .get(0)
                .getSourceRecordId();

        // then
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void unknownStageCodeRejectsThatSessionOnlyAndTheOthersGoThrough() throws Exception {
        // when
        CollectingSink sink = sessions();

        // then
        assertThat(sink.problems)
                .containsExactly(
                        new Problem("$[1]", "stages[2].stage", "must be a Health Connect stage code from 0 to 7"));
        assertThat(sink.records).hasSize(3);
    }

    @Test
    void titleAndNotesNeverReachRecordsOrProblems() throws Exception {
        // given sessions whose title and notes mention a massage, melatonin and a nap
        // when
        CollectingSink sink = sessions();

        // then
        String everything = sink.records.toString() + sink.problems;
        assertThat(everything).doesNotContain("melatonin", "deep-tissue", "neck", "Lunch nap", "Good night");
    }

    @Test
    void aSingleSessionObjectIsAcceptedAsWellAsAnArray() throws Exception {
        // given one object: 23:05 +01:00 to 07:15 +01:00, AWAKE 12 min then SLEEPING to the end
        // when
        CollectingSink sink = normalise(Fixtures.bytes("health-connect/session.json"), CLIENT);

        // then 22:05Z -> 06:15Z is 490 min; asleep 22:17 -> 06:15 = 478
        assertThat(sink.problems).isEmpty();
        assertThat(sink.records).singleElement().satisfies(r -> {
            assertThat(r.getSourceRecordId()).isEqualTo("5a0e7c22-91d4-4c3b-a8f6-0d2e9b7c4a15");
            assertThat(r.getTotalSleepMinutes()).isEqualTo(478.0);
            assertThat(r.getTimeInBedMinutes()).isEqualTo(490.0);
            assertThat(r.getSleepLatencyMinutes()).isEqualTo(12.0);
            assertThat(r.getWasoMinutes()).isEqualTo(0.0);
        });
    }

    @Test
    void sessionEndingBeforeItStartsIsAProblemNamingEndTime() throws Exception {
        // given
        String body = "{\"startTime\":\"2026-03-04T13:10:00Z\",\"endTime\":\"2026-03-04T12:30:00Z\"}";

        // when
        CollectingSink sink = normalise(body.getBytes(StandardCharsets.UTF_8), CLIENT);

        // then
        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).containsExactly(new Problem("$", "endTime", "must be after startTime"));
    }

    @Test
    void withoutTheClientsTimeZoneEachSessionIsAProblemOnTimezone() throws Exception {
        // when
        CollectingSink sink = normalise(
                Fixtures.bytes("health-connect/session.json"), new AdapterContext("clinic-berlin", "c0001", null));

        // then
        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).extracting(Problem::field).containsExactly("timezone");
    }

    @Test
    void truncatedPayloadIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> normalise(Fixtures.bytes("health-connect/truncated.json"), CLIENT))
                .isInstanceOf(PayloadException.class);
    }
}
