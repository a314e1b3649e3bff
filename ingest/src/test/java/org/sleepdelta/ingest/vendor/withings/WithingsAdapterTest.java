package org.sleepdelta.ingest.vendor.withings;

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

class WithingsAdapterTest {
    private static final AdapterContext LONDON =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/London"));
    private static final String NIGHT = "withings:2081804182";
    private final WithingsAdapter adapter = new WithingsAdapter();

    @Test
    void aNightMapsWithingsOwnWasoLatencyAndWakeupCountAndKeepsTheItemsOwnTimezone() throws Exception {
        // when
        CollectingSink sink = Fixtures.run(adapter, "withings/getsummary.json", LONDON);

        // then
        SleepRecord night = sink.record(NIGHT);
        assertThat(night.getClinicId()).isEqualTo("clinic-7");
        assertThat(night.getClientId()).isEqualTo("client-42");
        assertThat(night.getSource()).isEqualTo(SleepSource.WITHINGS);
        assertThat(night.getTimezone())
                .as("the item's timezone wins over the caller's")
                .isEqualTo("Europe/Paris");
        // startdate 1772402100 and enddate 1772430000 (22:55 and 06:40 in Paris, UTC+1)
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-01T21:55:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T05:40:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(415.0); // total_sleep_time 24 900 s
        assertThat(night.getTimeInBedMinutes()).isEqualTo(465.0); // total_timeinbed 27 900 s
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(16.0); // sleep_latency 960 s
        // waso 1620 s: Withings' waso starts at the first sleep and leaves wakeup_latency (420 s) apart
        assertThat(night.getWasoMinutes()).isEqualTo(27.0);
        assertThat(night.getAwakenings()).isEqualTo(3); // wakeupcount
        assertThat(night.getDeepMinutes()).isEqualTo(95.0); // 5700 s
        assertThat(night.getLightMinutes()).isEqualTo(220.0); // 13 200 s
        assertThat(night.getRemMinutes()).isEqualTo(100.0); // 6000 s
        assertThat(night.getRestingHeartRateBpm()).isEqualTo(49.0); // hr_min
        assertThat(night.getHrvRmssdMs()).isNull();
        assertThat(night.getMainSleep()).isNull();
    }

    @Test
    void aNapWithoutTimezoneAndWithFewFieldsUsesTheCallersZoneAndLeavesTheRestOut() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "withings/getsummary.json", LONDON);

        SleepRecord nap = sink.record("withings:2081804190");
        assertThat(nap.getTimezone()).isEqualTo("Europe/London");
        // 14:20 and 15:05 at UTC+1
        assertThat(nap.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T13:20:00Z"));
        assertThat(nap.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T14:05:00Z"));
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(35.0); // 2100 s
        assertThat(nap.getTimeInBedMinutes()).isEqualTo(45.0); // 2700 s
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(8.0); // 480 s
        assertThat(nap.getWasoMinutes()).isNull();
        assertThat(nap.getAwakenings()).isNull();
        assertThat(nap.getDeepMinutes()).isEqualTo(5.0);
        assertThat(nap.getLightMinutes()).isEqualTo(30.0);
        assertThat(nap.getRemMinutes()).isEqualTo(0.0);
        assertThat(nap.getRestingHeartRateBpm()).isNull();
    }

    @Test
    void aNightFromAnExternalSourceTakesItsTotalFromAsleepDuration() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "withings/getsummary.json", LONDON);

        SleepRecord external = sink.record("withings:2081804230");
        assertThat(external.getTotalSleepMinutes()).isEqualTo(420.0); // asleepduration 25 200 s
        assertThat(external.getTimeInBedMinutes()).isEqualTo(470.0); // 28 200 s
        assertThat(external.getDeepMinutes()).isNull();
        assertThat(external.getLightMinutes()).isNull();
    }

    @Test
    void badItemsBecomeProblemsAndTheOthersGoThrough() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "withings/getsummary.json", LONDON);

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly(NIGHT, "withings:2081804190", "withings:2081804230");
        assertThat(sink.problems)
                .containsExactly(
                        // enddate 7 h before startdate
                        new Problem("body.series[2]", "sleepEnd", "must be after sleepStart"),
                        // data without the sleep durations: only heart rate and score were requested
                        new Problem(
                                "body.series[3]",
                                "data.total_sleep_time",
                                "is required (request it with data_fields)"));
    }

    @Test
    void aRevisedItemReplacesTheRecordWithTheSameId() throws Exception {
        // given the first fetch
        SleepRecord first =
                Fixtures.run(adapter, "withings/getsummary.json", LONDON).record(NIGHT);

        // when a later fetch has the same id with a later modified
        SleepRecord revised = Fixtures.run(adapter, "withings/getsummary-revised.json", LONDON)
                .record(NIGHT);

        // then same identity, new values: 25 200 s asleep, 13 500 s light, waso 1320 s, 2 wake-ups
        assertThat(revised.getSourceRecordId()).isEqualTo(first.getSourceRecordId());
        assertThat(revised.getTotalSleepMinutes()).isEqualTo(420.0);
        assertThat(revised.getLightMinutes()).isEqualTo(225.0);
        assertThat(revised.getWasoMinutes()).isEqualTo(22.0);
        assertThat(revised.getAwakenings()).isEqualTo(2);
    }

    @Test
    void anOlderRevisionAfterANewerOneInTheSamePayloadDoesNotUndoIt() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "withings/getsummary-newer-then-older.json", LONDON);

        assertThat(sink.records)
                .singleElement()
                .satisfies(r -> assertThat(r.getTotalSleepMinutes()).isEqualTo(420.0));
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("body.series[1]");
            assertThat(p.field()).isEqualTo("modified");
        });
    }

    @Test
    void withoutTheCallersTimezoneOnlyItemsWithoutTheirOwnTimezoneBecomeTimezoneProblems() throws Exception {
        CollectingSink sink =
                Fixtures.run(adapter, "withings/getsummary.json", new AdapterContext("clinic-7", "client-42", null));

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly(NIGHT, "withings:2081804230");
        assertThat(sink.problems)
                .filteredOn(p -> p.field().equals("timezone"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.location()).isEqualTo("body.series[1]");
                    assertThat(p.reason()).contains("?timezone=");
                });
    }

    @Test
    void aStatusOtherThanZeroIsAPayloadExceptionNamingTheStatus() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "withings/status-invalid-token.json", LONDON))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("status 401");
    }

    @Test
    void sendingTheSamePayloadAgainGivesTheSameRecords() throws Exception {
        CollectingSink first = Fixtures.run(adapter, "withings/getsummary.json", LONDON);
        CollectingSink again = Fixtures.run(adapter, "withings/getsummary.json", LONDON);

        assertThat(again.records).isEqualTo(first.records);
    }

    @Test
    void aTruncatedPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "withings/truncated.json", LONDON))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anotherVendorsPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "garmin/push-final.json", LONDON))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no `body.series` array");
    }
}
