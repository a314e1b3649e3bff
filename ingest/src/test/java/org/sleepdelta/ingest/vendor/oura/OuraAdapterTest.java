package org.sleepdelta.ingest.vendor.oura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.ingest.vendor.jsonapi.Fixtures;

class OuraAdapterTest {
    private static final AdapterContext CHICAGO =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("America/Chicago"));
    private static final String NIGHT = "oura:8f3e1a52-9c1d-4e5b-a7f0-2d6c4b1e9a37";
    private static final String NAP = "oura:c41d07e9-5b2a-4f6e-9d38-71a0e5f2b6c4";
    private final OuraAdapter adapter = new OuraAdapter();

    @Test
    void aLongSleepBecomesTheMainSleepWithSecondsAsMinutesAndWasoWithoutLatencyOrTheFinalWake() throws Exception {
        // when
        CollectingSink sink = Fixtures.run(adapter, "oura/sleep-collection.json", CHICAGO);

        // then
        SleepRecord night = sink.record(NIGHT);
        assertThat(night.getClinicId()).isEqualTo("clinic-7");
        assertThat(night.getClientId()).isEqualTo("client-42");
        assertThat(night.getSource()).isEqualTo(SleepSource.OURA);
        assertThat(night.getTimezone()).isEqualTo("America/Chicago");
        assertThat(night.getMainSleep()).isTrue();
        // 23:05 at UTC-6 and 06:50 at UTC-6
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T05:05:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T12:50:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(420.0); // 25 200 s
        assertThat(night.getTimeInBedMinutes()).isEqualTo(465.0); // 27 900 s
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(9.0); // 540 s
        // awake_time 2700 s - latency 540 s - tail 900 s: the hypnogram's last sleep epoch is the 90th of 93, so the
        // last 3 epochs (27 900 - 90 x 300 = 900 s) are after the final awakening; 1260 s = 21 min
        assertThat(night.getWasoMinutes()).isEqualTo(21.0);
        assertThat(night.getDeepMinutes()).isEqualTo(75.0); // 4500 s
        assertThat(night.getRemMinutes()).isEqualTo(90.0); // 5400 s
        assertThat(night.getLightMinutes()).isEqualTo(255.0); // 15 300 s
        assertThat(night.getRestingHeartRateBpm()).isEqualTo(52.0); // lowest_heart_rate
        assertThat(night.getHrvRmssdMs()).isEqualTo(42.0); // average_hrv
        // asleep-to-awake changes between the first and the last sleep epoch of the hypnogram (epochs 2 and 89):
        // the wakes at epochs 19, 47-48 and 74 (counting from 0); restless_periods (not awakenings) is never used
        assertThat(night.getAwakenings()).isEqualTo(3);
        assertThat(night.getDeleted()).isFalse();
    }

    @Test
    void aLateNapWithoutHypnogramOrHeartDataKeepsWhatItHasAndLeavesTheRestOut() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "oura/sleep-collection.json", CHICAGO);

        SleepRecord nap = sink.record(NAP);
        assertThat(nap.getMainSleep()).isFalse();
        // 15:10 and 15:52:30 at UTC-6
        assertThat(nap.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T21:10:00Z"));
        assertThat(nap.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T21:52:30Z"));
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(35.0); // 2100 s
        assertThat(nap.getTimeInBedMinutes()).isEqualTo(42.5); // 2550 s
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(5.0); // 300 s
        assertThat(nap.getWasoMinutes())
                .as("no hypnogram, so the final wake is unknown")
                .isNull();
        assertThat(nap.getDeepMinutes()).isEqualTo(0.0);
        assertThat(nap.getLightMinutes()).isEqualTo(30.0); // 1800 s
        assertThat(nap.getRemMinutes()).isEqualTo(5.0); // 300 s
        assertThat(nap.getRestingHeartRateBpm()).isNull();
        assertThat(nap.getHrvRmssdMs()).isNull();
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void aReScoredNightReplacesTheSameIdAndADeletedDocumentWithdrawsIt() throws Exception {
        // given the first fetch, then a later one where Oura re-scored the night and deleted the nap
        CollectingSink first = Fixtures.run(adapter, "oura/sleep-collection.json", CHICAGO);

        // when
        CollectingSink later = Fixtures.run(adapter, "oura/sleep-rescored-and-deleted.json", CHICAGO);

        // then the night keeps its id and carries the new stage split: 4800 s deep, 15 000 s light
        SleepRecord rescored = later.record(NIGHT);
        assertThat(rescored.getSourceRecordId()).isEqualTo(first.record(NIGHT).getSourceRecordId());
        assertThat(rescored.getDeepMinutes()).isEqualTo(80.0);
        assertThat(rescored.getLightMinutes()).isEqualTo(250.0);
        assertThat(rescored.getTotalSleepMinutes()).isEqualTo(420.0);
        // and the nap is withdrawn under the id it was passed on with
        SleepRecord deletion = later.record(NAP);
        assertThat(deletion.getDeleted()).isTrue();
        assertThat(deletion.getClinicId()).isEqualTo("clinic-7");
        assertThat(deletion.getClientId()).isEqualTo("client-42");
        assertThat(deletion.getSource()).isEqualTo(SleepSource.OURA);
        assertThat(deletion.getSleepStart()).isNull();
        assertThat(deletion.getTotalSleepMinutes()).isNull();
        assertThat(later.problems).isEmpty();
    }

    @Test
    void badDocumentsBecomeProblemsAndTheOthersGoThrough() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "oura/sleep-with-bad-documents.json", CHICAGO);

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly(
                        "oura:2b9f6c1e-0a47-4d8b-b3e5-96c2d7a1f083", "oura:f05b8e27-41d6-4c93-b7a8-0d2e6f9c1a54");
        assertThat(sink.problems)
                .containsExactly(
                        new Problem(
                                "data[1]",
                                "bedtime_start",
                                "must be a date-time with offset, like 2026-03-02T23:10:30+01:00"),
                        new Problem("data[2]", "type", "must be one of deleted, sleep, long_sleep, late_nap, rest"));
    }

    @Test
    void theThirtySecondHypnogramIsPreferredForTheFinalWake() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "oura/sleep-with-bad-documents.json", CHICAGO);

        SleepRecord evening = sink.record("oura:2b9f6c1e-0a47-4d8b-b3e5-96c2d7a1f083");
        assertThat(evening.getMainSleep()).isFalse(); // type sleep
        assertThat(evening.getSleepLatencyMinutes()).isEqualTo(4.0); // 240 s
        // sleep_phase_30_sec ends with 9 awake epochs = 270 s: 600 - 240 - 270 = 90 s = 1.5 min
        // (the 5-minute hypnogram's last awake epoch would have made the tail 300 s and WASO 1 min)
        assertThat(evening.getWasoMinutes()).isEqualTo(1.5);
        assertThat(evening.getLightMinutes()).isEqualTo(24.5); // 1470 s
        assertThat(evening.getRemMinutes()).isEqualTo(5.5); // 330 s
    }

    @Test
    void aRestPeriodWithOnlyTheRequiredFieldsBecomesARecordWithoutOptionalValues() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "oura/sleep-with-bad-documents.json", CHICAGO);

        SleepRecord rest = sink.record("oura:f05b8e27-41d6-4c93-b7a8-0d2e6f9c1a54");
        assertThat(rest.getMainSleep()).isFalse();
        // 13:00 and 13:40 at UTC-6
        assertThat(rest.getSleepStart()).isEqualTo(Instant.parse("2026-03-05T19:00:00Z"));
        assertThat(rest.getSleepEnd()).isEqualTo(Instant.parse("2026-03-05T19:40:00Z"));
        assertThat(rest.getTotalSleepMinutes()).isEqualTo(30.0);
        assertThat(rest.getTimeInBedMinutes()).isEqualTo(40.0);
        assertThat(rest.getSleepLatencyMinutes()).isNull();
        assertThat(rest.getWasoMinutes()).isNull();
        assertThat(rest.getDeepMinutes()).isNull();
        assertThat(rest.getRestingHeartRateBpm()).isNull();
        assertThat(rest.getHrvRmssdMs()).isNull();
    }

    @Test
    void withoutTheCallersTimezoneSleepDocumentsAreTimezoneProblemsButDeletionsStillGoThrough() throws Exception {
        AdapterContext noZone = new AdapterContext("clinic-7", "client-42", null);

        CollectingSink sink = Fixtures.run(adapter, "oura/sleep-rescored-and-deleted.json", noZone);

        assertThat(sink.records).extracting(SleepRecord::getSourceRecordId).containsExactly(NAP);
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("data[0]");
            assertThat(p.field()).isEqualTo("timezone");
            assertThat(p.reason()).contains("?timezone=");
        });
    }

    @Test
    void oneDocumentAsTheSingleDocumentEndpointReturnsItIsAccepted() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "oura/single-document.json", CHICAGO);

        assertThat(sink.records).extracting(SleepRecord::getSourceRecordId).containsExactly(NIGHT);
        assertThat(sink.records.get(0).getWasoMinutes()).isEqualTo(21.0);
    }

    @Test
    void sendingTheSamePayloadAgainGivesTheSameRecords() throws Exception {
        CollectingSink first = Fixtures.run(adapter, "oura/sleep-collection.json", CHICAGO);
        CollectingSink again = Fixtures.run(adapter, "oura/sleep-collection.json", CHICAGO);

        assertThat(again.records).isEqualTo(first.records);
    }

    @Test
    void aDuplicateKeyIsAPayloadExceptionNamingItsPath() {
        String payload = "{\"data\":[{\"id\":\"a\"},{\"id\":\"b\",\"day\":\"2026-03-02\",\"id\":\"c\"}]}";

        assertThatThrownBy(() -> run(payload))
                .isInstanceOf(PayloadException.class)
                .hasMessage("the payload has a duplicate key `data[1].id`: each key may appear only once in an object"
                        + " (line 1, column 54)");
    }

    @Test
    void hostileJsonIsAPayloadExceptionNamingTheLimit() {
        assertThatThrownBy(() -> run("{\"data\":" + "[".repeat(100_000)))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("the payload nests arrays and objects more than 64 deep");
        assertThatThrownBy(() -> run("{\"data\":[{\"total_sleep_duration\":" + "9".repeat(100_000) + "}]}"))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("the payload has a number longer than 100 characters");
        assertThatThrownBy(() -> run("{\"data\":[{\"total_sleep_duration\":NaN}]}"))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("the payload has NaN or Infinity");
    }

    private CollectingSink run(String payload) throws Exception {
        CollectingSink sink = new CollectingSink();
        adapter.normalise(
                new java.io.ByteArrayInputStream(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                CHICAGO,
                sink);
        return sink;
    }

    @Test
    void aTruncatedPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "oura/truncated.json", CHICAGO))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anotherVendorsPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", CHICAGO))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no `data` array");
    }
}
