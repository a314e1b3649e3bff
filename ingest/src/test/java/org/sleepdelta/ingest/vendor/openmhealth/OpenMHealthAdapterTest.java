package org.sleepdelta.ingest.vendor.openmhealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.ingest.vendor.Fixtures.CLIENT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.Fixtures;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;

class OpenMHealthAdapterTest {

    private final OpenMHealthAdapter adapter = new OpenMHealthAdapter();

    private CollectingSink normalise(byte[] payload) throws IOException, PayloadException {
        CollectingSink sink = new CollectingSink();
        adapter.normalise(new ByteArrayInputStream(payload), CLIENT, sink);
        return sink;
    }

    private CollectingSink episodes() throws IOException, PayloadException {
        return normalise(Fixtures.bytes("open-mhealth/sleep-episodes.json"));
    }

    private static CollectingSink bare(OpenMHealthAdapter adapter, String body) throws Exception {
        CollectingSink sink = new CollectingSink();
        adapter.normalise(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), CLIENT, sink);
        return sink;
    }

    @Test
    void onsetToAwakeningIntervalIsWidenedByBothLatenciesToTimeInBed() throws Exception {
        // given onset 23:30 +01:00, final awakening 06:45 +01:00, latency to onset 15 min, to arising 0.25 h
        // when
        SleepRecord night = episodes().finalState().get("9e3a7c1d-4b2f-4e8a-a6d0-5f1c2b3e4d70");

        // then lights-out 23:15 +01:00 = 22:15Z, rising 06:45 + 15 min = 07:00 +01:00 = 06:00Z
        assertThat(night.getSource()).isEqualTo(SleepSource.OPEN_MHEALTH);
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T22:15:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-03T06:00:00Z"));
        assertThat(night.getTimeInBedMinutes()).isEqualTo(465.0); // 22:15 -> 06:00
        assertThat(night.getTotalSleepMinutes()).isEqualTo(405.0); // 6.75 h x 60
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(15.0);
        assertThat(night.getWasoMinutes()).isEqualTo(30.0);
        assertThat(night.getAwakenings()).isEqualTo(2);
        assertThat(night.getMainSleep()).isTrue();
        assertThat(night.getDeepMinutes()).isNull();
    }

    @Test
    void bareBodyInSecondsIsConvertedAndItsIdIsAStableHashOfTheBody() throws Exception {
        // given a bare IEEE-style nap 13:00-13:40Z: latency 300 sec, total 2100 s, light 1500 s, deep 600 s, REM 0 s
        // when
        CollectingSink sink = episodes();
        SleepRecord nap = sink.records.stream()
                .filter(r -> Boolean.FALSE.equals(r.getMainSleep()))
                .findFirst()
                .orElseThrow();

        // then
        assertThat(nap.getSleepStart()).isEqualTo(Instant.parse("2026-03-03T12:55:00Z")); // 13:00 minus 5 min
        assertThat(nap.getSleepEnd()).isEqualTo(Instant.parse("2026-03-03T13:40:00Z")); // no latency to arising
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(35.0); // 2100 / 60
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(5.0); // 300 / 60
        assertThat(nap.getLightMinutes()).isEqualTo(25.0); // 1500 / 60
        assertThat(nap.getDeepMinutes()).isEqualTo(10.0); // 600 / 60
        assertThat(nap.getRemMinutes()).isEqualTo(0.0);
        assertThat(nap.getTimeInBedMinutes()).isNull(); // no latency to arising: rising is not known
        assertThat(nap.getSourceRecordId())
                .matches("omh-[0-9a-f]{32}")
                .isEqualTo(episodes().records.get(1).getSourceRecordId());
    }

    @Test
    void bodyHashIgnoresMemberOrderSpacingAndNumberSpellingButNotValues() throws Exception {
        // given the same body written two ways, and one with another total
        String a = "{\"effective_time_frame\":{\"time_interval\":{\"start_date_time\":\"2026-03-03T13:00:00Z\","
                + "\"end_date_time\":\"2026-03-03T13:40:00Z\"}},\"total_sleep_time\":{\"value\":35,\"unit\":\"min\"}}";
        String b = "{ \"total_sleep_time\": {\"unit\": \"min\", \"value\": 35.0},\n \"effective_time_frame\": "
                + "{\"time_interval\": {\"end_date_time\": \"2026-03-03T13:40:00Z\", \"start_date_time\": \"2026-03-03T13:00:00Z\"}}}";
        String c = a.replace("\"value\":35", "\"value\":36");

        // when
        String idA = bare(adapter, a).records.get(0).getSourceRecordId();
        String idB = bare(adapter, b).records.get(0).getSourceRecordId();
        String idC = bare(adapter, c).records.get(0).getSourceRecordId();

        // then
        assertThat(idB).isEqualTo(idA);
        assertThat(idC).isNotEqualTo(idA);
    }

    @Test
    void startWithDurationIntervalAndMissingTotalDerivesTotalFromWaso() throws Exception {
        // given an IEEE data point: onset 22:00Z for 8 h, WASO 0.5 h, no total_sleep_time
        // when
        SleepRecord night = episodes().finalState().get("d41c6e2a-8b7f-4a90-b3c5-e6f7a8b9c0d1");

        // then final awakening 06:00Z; total 480 - 30 = 450
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-04T22:00:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-05T06:00:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(450.0);
        assertThat(night.getWasoMinutes()).isEqualTo(30.0);
        assertThat(night.getAwakenings()).isEqualTo(3);
        assertThat(night.getSleepLatencyMinutes()).isNull();
    }

    @Test
    void unknownUnitAndForeignSchemaAreProblemsAndTheOtherEpisodesGoThrough() throws Exception {
        // when
        CollectingSink sink = episodes();

        // then
        assertThat(sink.problems)
                .containsExactly(
                        new Problem(
                                "$[2]",
                                "body.total_sleep_time.unit",
                                "must be a duration unit with a fixed length: ps, ns, us, ms, s, sec, min, h, d or wk"),
                        new Problem(
                                "$[3]",
                                "header.schema_id.name",
                                "must be sleep-episode: only sleep episodes are accepted here"));
        assertThat(sink.records).hasSize(3);
    }

    @Test
    void monthsAreNotAFixedLengthAndAreRejected() throws Exception {
        // given
        String body = "{\"effective_time_frame\":{\"time_interval\":{\"start_date_time\":\"2026-03-03T13:00:00Z\","
                + "\"end_date_time\":\"2026-03-03T13:40:00Z\"}},\"total_sleep_time\":{\"value\":1,\"unit\":\"Mo\"}}";

        // when
        CollectingSink sink = bare(adapter, body);

        // then
        assertThat(sink.records).isEmpty();
        assertThat(sink.problems)
                .extracting(Problem::location, Problem::field)
                .containsExactly(Tuple.tuple("$", "total_sleep_time.unit"));
    }

    @Test
    void episodeWithNeitherTotalNorWasoIsAProblemOnTotalSleepTime() throws Exception {
        // given
        String body = "{\"effective_time_frame\":{\"time_interval\":{\"start_date_time\":\"2026-03-03T13:00:00Z\","
                + "\"end_date_time\":\"2026-03-03T13:40:00Z\"}}}";

        // when
        CollectingSink sink = bare(adapter, body);

        // then
        assertThat(sink.problems).extracting(Problem::field).containsExactly("total_sleep_time");
    }

    @Test
    void pointInTimeFrameIsAProblemBecauseAnEpisodeIsAnInterval() throws Exception {
        // given
        String body = "{\"effective_time_frame\":{\"date_time\":\"2026-03-03T13:00:00Z\"},"
                + "\"total_sleep_time\":{\"value\":35,\"unit\":\"min\"}}";

        // when
        CollectingSink sink = bare(adapter, body);

        // then
        assertThat(sink.problems).extracting(Problem::field).containsExactly("effective_time_frame.time_interval");
    }

    @Test
    void truncatedPayloadIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> normalise(Fixtures.bytes("open-mhealth/truncated.json")))
                .isInstanceOf(PayloadException.class);
    }
}
