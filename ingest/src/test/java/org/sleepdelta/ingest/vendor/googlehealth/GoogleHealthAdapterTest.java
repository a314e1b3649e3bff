package org.sleepdelta.ingest.vendor.googlehealth;

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

class GoogleHealthAdapterTest {
    private static final AdapterContext BERLIN =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/Berlin"));
    private static final String NIGHT = "google-health:7b1e2c40a9";
    private static final String NAP = "google-health:9c4d11f3e2";
    private final GoogleHealthAdapter adapter = new GoogleHealthAdapter();

    @Test
    void aStagesSleepTakesLatencyWasoAndAwakeningsFromItsSegmentsAndStageMinutesFromItsSummary() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "google-health/sleep-list.json", BERLIN);

        SleepRecord night = sink.record(NIGHT);
        assertThat(night.getClinicId()).isEqualTo("clinic-7");
        assertThat(night.getSource()).isEqualTo(SleepSource.FITBIT);
        assertThat(night.getTimezone()).isEqualTo("Europe/Berlin");
        assertThat(night.getMainSleep()).as("metadata.nap false").isTrue();
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-01T22:10:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T06:10:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(435.0); // minutesAsleep, an int64 written as a string
        assertThat(night.getTimeInBedMinutes()).isEqualTo(480.0); // minutesInSleepPeriod
        // the AWAKE segment before the first LIGHT one, not minutesToFallAsleep (0)
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(15.0);
        // the 10-minute AWAKE segment and the 2-minute short awakening; not the 20 minutes after the final awakening,
        // which minutesAwake (45) includes
        assertThat(night.getWasoMinutes()).isEqualTo(12.0);
        assertThat(night.getAwakenings()).isEqualTo(2);
        assertThat(night.getDeepMinutes()).isEqualTo(60.0);
        assertThat(night.getRemMinutes()).isEqualTo(60.0);
        assertThat(night.getLightMinutes()).isEqualTo(315.0);
        assertThat(night.getRestingHeartRateBpm())
                .as("sleep data points carry no heart rate")
                .isNull();
        assertThat(night.getHrvRmssdMs()).isNull();
        assertThat(night.getDeleted()).isFalse();
    }

    @Test
    void aClassicNapWithoutSegmentsTakesLatencyFromItsSummaryAndWasoOnlyWhenTheSummaryAddsUp() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "google-health/sleep-list.json", BERLIN);

        SleepRecord nap = sink.record(NAP);
        assertThat(nap.getMainSleep()).as("metadata.nap true").isFalse();
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(32.0);
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(5.0);
        // 40 = 5 + 32 + 3 + 0, so minutesAwake is the wake inside the sleep
        assertThat(nap.getWasoMinutes()).isEqualTo(3.0);
        assertThat(nap.getAwakenings()).as("unknown without segments").isNull();
        assertThat(nap.getDeepMinutes()).as("a classic sleep has no stages").isNull();
        assertThat(nap.getLightMinutes()).isNull();
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void aSummaryThatDoesNotAddUpLeavesWasoOut() throws Exception {
        String point = "{\"name\": \"users/me/dataTypes/sleep/dataPoints/x1\", \"sleep\": {\"interval\": {"
                + "\"startTime\": \"2026-03-02T13:00:00Z\", \"endTime\": \"2026-03-02T13:40:00Z\"}, \"summary\": {"
                + "\"minutesInSleepPeriod\": \"40\", \"minutesToFallAsleep\": \"5\", \"minutesAsleep\": \"30\","
                + " \"minutesAwake\": \"3\", \"minutesAfterWakeUp\": \"0\"}}}";

        CollectingSink sink = Fixtures.run(adapter, Fixtures.text(point), BERLIN);

        SleepRecord record = sink.record("google-health:x1");
        assertThat(record.getWasoMinutes()).isNull();
        assertThat(record.getMainSleep()).as("no metadata: unknown").isNull();
    }

    @Test
    void theIdIsTheLastSegmentOfTheNameWhicheverWayTheUserIsNamed() throws Exception {
        String asMe = pointNamed("users/me/dataTypes/sleep/dataPoints/p-77", 400);
        String asUser = pointNamed("users/4511234567/dataTypes/sleep/dataPoints/p-77", 410);

        CollectingSink sink = Fixtures.run(adapter, Fixtures.text("[" + asMe + "," + asUser + "]"), BERLIN);

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly("google-health:p-77", "google-health:p-77");
        assertThat(sink.records.get(1).getTotalSleepMinutes())
                .as("a re-scored point replaces the earlier one")
                .isEqualTo(410.0);
    }

    @Test
    void withoutTheCallersZoneEveryPointIsAProblemOnTimezone() throws Exception {
        CollectingSink sink = Fixtures.run(
                adapter, "google-health/sleep-list.json", new AdapterContext("clinic-7", "client-42", null));

        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).extracting(Problem::field).containsOnly("timezone");
        assertThat(sink.problems).hasSize(2);
    }

    @Test
    void eachBadPointIsAProblemNamingItsFieldAndTheOthersGoThrough() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "google-health/sleep-with-bad-points.json", BERLIN);

        assertThat(sink.problems)
                .extracting(Problem::location, Problem::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dataPoints[0]", "sleep"),
                        org.assertj.core.groups.Tuple.tuple("dataPoints[1]", "name"),
                        org.assertj.core.groups.Tuple.tuple("dataPoints[2]", "sleep.metadata.processed"),
                        org.assertj.core.groups.Tuple.tuple("dataPoints[3]", "sleep.interval.startTime"),
                        org.assertj.core.groups.Tuple.tuple("dataPoints[4]", "sleep.summary.minutesAsleep"),
                        org.assertj.core.groups.Tuple.tuple("dataPoints[5]", "sleep.type"));
        assertThat(sink.problems.get(2).reason()).contains("still scoring");
        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .as("an int64 as a JSON number is read too")
                .containsExactly("google-health:a7");
    }

    @Test
    void aPayloadThatIsNotASleepListIsRefusedAsAWhole() {
        assertThatThrownBy(() -> Fixtures.run(adapter, Fixtures.text("{\"steps\": []}"), BERLIN))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("Google Health API sleep list");
    }

    private static String pointNamed(String name, int minutesAsleep) {
        return "{\"name\": \"" + name + "\", \"sleep\": {\"interval\": {\"startTime\": \"2026-03-01T22:00:00Z\","
                + " \"endTime\": \"2026-03-02T06:00:00Z\"}, \"summary\": {\"minutesAsleep\": \"" + minutesAsleep
                + "\"}}}";
    }
}
