package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.kafka.Rejections;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.Fixtures;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Records older than the retention, over real HTTP into a real broker: a batch whose only "problem" is old records is
 * accepted, its recent records land on the input topics and its old ones on the rejection topic as TOO_LATE, in one
 * transaction; an invalid record still refuses the batch, old records and all. The service's clock stands still at
 * {@link #NOW}, so that dates and the answers are exact: with the default retention of 60 days and future tolerance of
 * a day, the earliest night accepted is {@link #EARLIEST}.
 */
class OutsideRetentionIT {
    private static final Instant NOW = Instant.parse("2026-09-29T10:00:00Z");
    /** date(now + 1 day) - 60 days */
    private static final LocalDate EARLIEST = LocalDate.of(2026, 8, 1);

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.builder()
                .wiring(w -> w.clock(Clock.fixed(NOW, ZoneOffset.UTC)).vendors(VendorAdapters::forVendor))
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void recentRecordsAreAcceptedAndOldOnesGoToTheRejectionTopicAsTooLateWithWhereTheyWereAndTheirBytes() {
        // given a JSON array: a recent night, one of July, another recent one, and one of the day before the earliest
        String old1 = "{\"clinicId\": \"clinic-a\", \"clientId\": \"mix-2\",  \"source\": \"OURA\","
                + " \"sourceRecordId\": \"m2\", \"sleepStart\": \"2026-07-15T22:00:00Z\", \"sleepEnd\": \"2026-07-16T06:00:00Z\","
                + "\n  \"timezone\": \"UTC\", \"totalSleepMinutes\": 420.50}";
        String body = "[" + CanonicalJson.line(night("mix-1", "m1", "2026-09-20")) + ",\n " + old1 + ", "
                + CanonicalJson.line(night("mix-3", "m3", "2026-08-01")) + ","
                + CanonicalJson.line(night("mix-4", "m4", "2026-07-31")) + "]";

        // when
        HttpResponse response = ingest.postSleep()
                .body(body.getBytes(StandardCharsets.UTF_8), "application/json")
                .send();

        // then the answer says what was accepted and what was not, and why
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json()).isEqualTo(json("""
                {"accepted": 2, "outsideRetention": 2, "earliestAcceptedNight": "2026-08-01", "skipped": [
                 {"index": 1, "field": "sleepStart", "reason": "belongs to the night of 2026-07-15, older than the retention of 60 days: the earliest night accepted now is 2026-08-01"},
                 {"index": 3, "field": "sleepStart", "reason": "belongs to the night of 2026-07-31, older than the retention of 60 days: the earliest night accepted now is 2026-08-01"}]}
                """));
        // the recent ones are on the input topic, for read_committed readers (the streams service)
        assertThat(TopicContents.keys(clientRecords(ingest.sleepTopic, "mix-")))
                .containsExactlyInAnyOrder("clinic-a/mix-1", "clinic-a/mix-3");
        // the old ones on the rejection topic, keyed like the record, located, with their bytes as sent
        List<ConsumerRecord<String, byte[]>> rejected = clientRecords(ingest.rejectionsTopic, "mix-");
        assertThat(rejected)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("clinic-a/mix-2", "clinic-a/mix-4");
        ConsumerRecord<String, byte[]> first = rejected.stream()
                .filter(r -> r.key().endsWith("mix-2"))
                .findFirst()
                .orElseThrow();
        Rejection rejection = Codecs.rejection().decode(first.value());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.TOO_LATE);
        assertThat(rejection.getField()).isEqualTo("$[1].sleepStart");
        assertThat(rejection.getDetail())
                .isEqualTo("$[1].sleepStart: belongs to the night of 2026-07-15, older than the"
                        + " retention of 60 days: the earliest night accepted now is 2026-08-01");
        assertThat(rejection.getSourceFile()).isEqualTo("POST /v1/sleep-records");
        assertThat(rejection.getSourceLine()).isNull();
        assertThat(rejection.getRecordKey()).isEqualTo("clinic-a/mix-2");
        assertThat(payload(rejection)).isEqualTo(old1);
        assertThat(rejection.getRejectedAt()).isEqualTo(NOW);
        assertThat(first.timestamp()).isEqualTo(NOW.toEpochMilli());
        assertThat(PipelineHeaders.ingestedAt(first.headers())).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void ndjsonSessionsOutsideTheRetentionAreRejectedWithTheirLine() {
        // given line 1 recent, line 2 blank, line 3 a session of 2026-07-31 (the day before the earliest date)
        String old = CanonicalJson.line(session("lines-3", "s3", "2026-07-31T09:00:00Z"));
        String body = CanonicalJson.line(session("lines-1", "s1", "2026-09-28T09:00:00Z")) + "\n\n" + old + "\n";

        // when
        HttpResponse response = ingest.postSessions().ndjson(body).send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.problemsIn("skipped"))
                .containsExactly("3/start/is on 2026-07-31, older than the retention"
                        + " of 60 days: the earliest date accepted now is 2026-08-01");
        assertThat(clientRecords(ingest.sessionTopic, "lines-"))
                .extracting(r -> Codecs.massageSession().decode(r.value()).getSessionId())
                .containsExactly("s1");
        assertThat(clientRecords(ingest.rejectionsTopic, "lines-"))
                .singleElement()
                .satisfies(r -> {
                    Rejection rejection = Codecs.rejection().decode(r.value());
                    assertThat(rejection.getReason()).isEqualTo(RejectionReason.TOO_LATE);
                    assertThat(rejection.getSourceFile()).isEqualTo("POST /v1/massage-sessions");
                    assertThat(rejection.getSourceLine()).isEqualTo(3L);
                    assertThat(rejection.getField()).isEqualTo("start");
                    assertThat(payload(rejection)).isEqualTo(old);
                });
    }

    @Test
    void anOldRecordPaddedWithMegabytesOfSpacesIsRejectedAsItsCanonicalJsonUnderTheCapAndTheRestIsWritten() {
        // given an NDJSON body: a recent night, then an old one padded with 2 MB of spaces (over Kafka's 1 MB limit)
        ObjectNode old = night("padded-2", "p2", "2026-07-15");
        String padded =
                "{" + " ".repeat(2 * 1024 * 1024) + CanonicalJson.line(old).substring(1);
        assertThat(padded.length()).isGreaterThan(2 * 1024 * 1024);
        String body = CanonicalJson.line(night("padded-1", "p1", "2026-09-20")) + "\n" + padded + "\n";

        // when
        HttpResponse response = ingest.postSleep().ndjson(body).send();

        // then the batch is accepted: the recent night on the input topic, the old one on the rejection topic
        assertThat(response.status()).as(response.json().toString()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(1);
        assertThat(TopicContents.keys(clientRecords(ingest.sleepTopic, "padded-")))
                .containsExactly("clinic-a/padded-1");
        assertThat(clientRecords(ingest.rejectionsTopic, "padded-"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.value().length).isLessThanOrEqualTo(Rejections.MAX_PAYLOAD_BYTES);
                    Rejection rejection = Codecs.rejection().decode(r.value());
                    assertThat(rejection.getReason()).isEqualTo(RejectionReason.TOO_LATE);
                    assertThat(rejection.getSourceLine()).isEqualTo(2L);
                    assertThat(rejection.getRecordKey()).isEqualTo("clinic-a/padded-2");
                    // the record itself, every field, without the padding: still readable and resendable
                    assertThat(payload(rejection))
                            .isEqualTo(CanonicalJson.line(CanonicalJson.toJson(
                                    CanonicalJson.sleepRecord(old).value())));
                    assertThat(rejection.getDetail())
                            .endsWith("; payload is the record's canonical JSON: its "
                                    + padded.getBytes(StandardCharsets.UTF_8).length + " bytes as sent exceed 65536");
                });
    }

    @Test
    void aBatchOfOnlyOldRecordsIsAcceptedWithNothingForTheInputTopicsAndEverythingOnTheRejectionTopic() {
        // given
        Map<TopicPartition, Long> inputBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response = ingest.postSleep()
                .json(Canonical.array(
                        List.of(night("allold-1", "a1", "2026-05-01"), night("allold-2", "a2", "2026-05-02"))))
                .send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isZero();
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(2);
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic))
                .isEqualTo(inputBefore);
        assertThat(TopicContents.keys(clientRecords(ingest.rejectionsTopic, "allold-")))
                .containsExactlyInAnyOrder("clinic-a/allold-1", "clinic-a/allold-2");
    }

    @Test
    void aLongHistoryIsListedInPartButRejectedWhole() {
        // given 250 nights before the retention and 3 in it
        List<ObjectNode> nights = new ArrayList<>();
        for (int i = 0; i < 253; i++) {
            nights.add(
                    night("long-1", "l" + i, EARLIEST.minusDays(250).plusDays(i).toString()));
        }

        // when
        HttpResponse response = ingest.postSleep().json(Canonical.array(nights)).send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(250);
        assertThat(response.json().get("skipped")).hasSize(BatchPipeline.MAX_LISTED_SKIPPED);
        assertThat(response.json().get("skipped").get(99).get("index").asInt()).isEqualTo(99);
        assertThat(clientRecords(ingest.sleepTopic, "long-")).hasSize(3);
        assertThat(clientRecords(ingest.rejectionsTopic, "long-")).hasSize(250);
    }

    @Test
    void anInvalidRecordStillRefusesTheWholeBatchOldRecordsIncludedAndNothingIsWritten() {
        // given a recent record, an old one, and a recent one without its total
        ObjectNode broken = night("refused-3", "r3", "2026-09-20");
        broken.remove("totalSleepMinutes");
        Map<TopicPartition, Long> inputBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);
        Map<TopicPartition, Long> rejectionsBefore =
                TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic);

        // when
        HttpResponse response = ingest.postSleep()
                .json(Canonical.array(List.of(
                        night("refused-1", "r1", "2026-09-20"), night("refused-2", "r2", "2026-06-01"), broken)))
                .send();

        // then only the invalid record is a problem, and neither topic got a record (not even an aborted one)
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_records");
        assertThat(response.json().get("message").asText())
                .isEqualTo("1 of 3 record(s) are invalid; nothing was accepted");
        assertThat(response.problems()).containsExactly("2/totalSleepMinutes/is required");
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic))
                .isEqualTo(inputBefore);
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic))
                .isEqualTo(rejectionsBefore);
    }

    @Test
    void aDryRunReportsTheSameAndWritesNothing() {
        // given
        Map<TopicPartition, Long> inputBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);
        Map<TopicPartition, Long> rejectionsBefore =
                TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic);
        ObjectNode recent = night("dry-1", "d1", "2026-09-20");

        // when
        HttpResponse response = ingest.client
                .post("/v1/sleep-records?dryRun=true")
                .key(ingest.key)
                .json(Canonical.array(List.of(night("dry-0", "d0", "2026-07-01"), recent)))
                .send();

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("valid").asInt()).isEqualTo(1);
        assertThat(response.json().get("records"))
                .containsExactly(
                        CanonicalJson.toJson(CanonicalJson.sleepRecord(recent).value()));
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(1);
        assertThat(response.json().get("earliestAcceptedNight").asText()).isEqualTo("2026-08-01");
        assertThat(response.problemsIn("skipped"))
                .containsExactly("0/sleepStart/belongs to the night of 2026-07-01,"
                        + " older than the retention of 60 days: the earliest night accepted now is 2026-08-01");
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic))
                .isEqualTo(inputBefore);
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic))
                .isEqualTo(rejectionsBefore);
    }

    /**
     * An Oura history of four months (a night each day from 2026-06-01 to 2026-09-28, a nap on 2026-08-16, and a
     * deleted document withdrawing the night of 2026-07-10), as {@code GET /v2/usercollection/sleep} gives it.
     */
    @Test
    void aMonthsLongOuraHistoryIsAcceptedInPartWithTheOldNightsOnTheRejectionTopicByTheirPlaceInThePayload()
            throws Exception {
        // given what the Oura adapter makes of it
        byte[] payload = Fixtures.bytes("oura/sleep-history-four-months.json");
        CollectingSink adapted = new CollectingSink();
        VendorAdapters.forVendor(Vendor.OURA)
                .orElseThrow()
                .normalise(
                        new ByteArrayInputStream(payload),
                        new AdapterContext(Canonical.CLINIC, "oura-history", BERLIN),
                        adapted);
        assertThat(adapted.problems).isEmpty();
        assertThat(adapted.records).hasSize(122);

        // when
        HttpResponse response = ingest.client
                .post("/v1/wearables/oura/sleep?clientId=oura-history&timezone=Europe/Berlin")
                .key(ingest.key)
                .body(payload, "application/json")
                .send();

        // then June and July (61 nights) are outside, August and September (59 nights, the nap) and the deletion are in
        assertThat(response.status()).as(response.json().toString()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(61);
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(61);
        assertThat(response.json().get("earliestAcceptedNight").asText()).isEqualTo("2026-08-01");
        assertThat(response.json().get("skipped")).hasSize(61);
        assertThat(response.json().get("skipped").get(0)).isEqualTo(json("""
                {"location": "data[0]", "field": "sleepStart", "reason": "belongs to the night of 2026-06-01, older than the retention of 60 days: the earliest night accepted now is 2026-08-01"}
                """));

        List<SleepRecord> accepted = clientRecords(ingest.sleepTopic, "oura-history").stream()
                .map(r -> Codecs.sleepRecord().decode(r.value()))
                .toList();
        List<Rejection> rejected = clientRecords(ingest.rejectionsTopic, "oura-history").stream()
                .map(r -> Codecs.rejection().decode(r.value()))
                .toList();
        assertThat(accepted)
                .hasSize(61)
                .allSatisfy(r -> assertThat(r.getDeleted() || !night(r).isBefore(EARLIEST))
                        .isTrue());
        assertThat(accepted).filteredOn(SleepRecord::getDeleted).hasSize(1);
        assertThat(rejected).hasSize(61).allSatisfy(r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.TOO_LATE);
            assertThat(r.getSourceFile()).isEqualTo("POST /v1/wearables/oura/sleep");
            assertThat(r.getField()).matches("data\\[\\d+]\\.sleepStart");
            assertThat(r.getRecordKey()).isEqualTo("clinic-a/oura-history");
        });
        List<SleepRecord> rejectedRecords = rejected.stream()
                .map(r -> CanonicalJson.sleepRecord(json(payload(r))).value())
                .toList();
        assertThat(rejectedRecords).allSatisfy(r -> assertThat(night(r)).isBefore(EARLIEST));
        // together, exactly what the adapter made of the payload: every night is processed or visible as rejected
        List<SleepRecord> both = new ArrayList<>(accepted);
        both.addAll(rejectedRecords);
        assertThat(both).containsExactlyInAnyOrderElementsOf(adapted.records);
        Set<String> fields = rejected.stream().map(Rejection::getField).collect(Collectors.toSet());
        assertThat(fields).contains("data[0].sleepStart", "data[60].sleepStart").doesNotContain("data[61].sleepStart");
    }

    private static LocalDate night(SleepRecord record) {
        return record.getSleepStart()
                .minusSeconds(12 * 3600)
                .atZone(ZoneId.of(record.getTimezone()))
                .toLocalDate();
    }

    /** A night in UTC from 22:00 on {@code night} to 06:00 the next morning. */
    private static ObjectNode night(String clientId, String sourceRecordId, String night) {
        LocalDate date = LocalDate.parse(night);
        return CanonicalJson.mapper()
                .createObjectNode()
                .put("clinicId", Canonical.CLINIC)
                .put("clientId", clientId)
                .put("source", "OURA")
                .put("sourceRecordId", sourceRecordId)
                .put("sleepStart", date + "T22:00:00Z")
                .put("sleepEnd", date.plusDays(1) + "T06:00:00Z")
                .put("timezone", "UTC")
                .put("totalSleepMinutes", 420);
    }

    private static ObjectNode session(String clientId, String sessionId, String start) {
        return CanonicalJson.mapper()
                .createObjectNode()
                .put("clinicId", Canonical.CLINIC)
                .put("clientId", clientId)
                .put("sessionId", sessionId)
                .put("modality", "SWEDISH")
                .put("start", start)
                .put("durationMinutes", 60)
                .put("timezone", "UTC");
    }

    private static String payload(Rejection rejection) {
        return StandardCharsets.UTF_8.decode(rejection.getPayload().duplicate()).toString();
    }

    private static JsonNode json(String text) {
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The client's records, decrypted (ingest encrypts every value). */
    private static List<ConsumerRecord<String, byte[]>> clientRecords(String topic, String clientPrefix) {
        return ingest.readPlaintext(topic).stream()
                .filter(r -> r.key() != null && r.key().startsWith("clinic-a/" + clientPrefix))
                .toList();
    }
}
