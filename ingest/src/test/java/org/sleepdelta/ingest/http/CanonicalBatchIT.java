package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.session;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;

/** Canonical batches over real HTTP into a real broker: what is accepted lands on the topics, the rest not at all. */
class CanonicalBatchIT {
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void acceptedSleepRecordsAreOnTheTopicKeyedByClientWithTheIngestTimeAndEventTimestamps() {
        // given
        List<ObjectNode> nights =
                List.of(sleep("accept-1", "r1", 1), sleep("accept-2", "r2", 2), sleep("accept-1", "r3", 3));
        long before = System.currentTimeMillis();

        // when
        HttpResponse response;
        try (LogCapture logs = new LogCapture()) {
            response = ingest.postSleep().json(array(nights)).send();

            // then the request log names the key by its label, never the key itself (it is written after the answer)
            String line = "POST /v1/sleep-records 202 records=3 key=\"" + RunningIngest.KEY_LABEL + "\"";
            Awaitility.await("the request's log line")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines().stream().anyMatch(l -> l.contains(line)));
            assertThat(logs.lines()).noneMatch(l -> l.contains(ingest.key));
        }
        long after = System.currentTimeMillis();
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json())
                .isEqualTo(CanonicalJson.mapper().createObjectNode().put("accepted", 3));
        List<ConsumerRecord<String, byte[]>> written = clientRecords(ingest.sleepTopic, "accept-");
        assertThat(written).hasSize(3);
        for (ConsumerRecord<String, byte[]> record : written) {
            SleepRecord value = Codecs.sleepRecord().decode(record.value());
            assertThat(record.key()).isEqualTo("clinic-a/" + value.getClientId());
            assertThat(record.timestamp()).isEqualTo(value.getSleepEnd().toEpochMilli());
            assertThat(PipelineHeaders.ingestedAt(record.headers())).isBetween(before, after);
            // the key's label, not the key, travels with every record, so that a leaked key's writes can be found
            assertThat(PipelineHeaders.keyLabel(record.headers())).isEqualTo(RunningIngest.KEY_LABEL);
            assertThat(record.headers())
                    .noneMatch(h -> new String(h.value(), StandardCharsets.UTF_8).contains(ingest.key));
            ObjectNode sent = nights.stream()
                    .filter(n -> n.get("sourceRecordId").asText().equals(value.getSourceRecordId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(value).isEqualTo(CanonicalJson.sleepRecord(sent).value());
        }
    }

    @Test
    void acceptedMassageSessionsAreOnTheSessionTopicStampedWithTheirStart() {
        // given
        ObjectNode session = session("session-1", "s-1", 2);

        // when
        HttpResponse response = ingest.postSessions().json(session).send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> written = ingest.readPlaintext(ingest.sessionTopic).stream()
                .filter(r -> r.key().equals("clinic-a/session-1"))
                .toList();
        assertThat(written).hasSize(1);
        MassageSession value = Codecs.massageSession().decode(written.get(0).value());
        assertThat(value).isEqualTo(CanonicalJson.massageSession(session).value());
        assertThat(written.get(0).timestamp())
                .isEqualTo(Instant.parse(session.get("start").asText()).toEpochMilli());
        assertThat(PipelineHeaders.ingestedAt(written.get(0).headers())).isPositive();
    }

    @Test
    void ndjsonBodyIsAcceptedLineByLine() {
        // given two records and a blank line between them
        String body = CanonicalJson.line(sleep("ndjson-1", "n1", 1)) + "\n\n"
                + CanonicalJson.line(sleep("ndjson-2", "n2", 1)) + "\n";

        // when
        HttpResponse response = ingest.postSleep().ndjson(body).send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(TopicContents.keys(clientRecords(ingest.sleepTopic, "ndjson-")))
                .containsExactlyInAnyOrder("clinic-a/ndjson-1", "clinic-a/ndjson-2");
    }

    @Test
    void gzipCompressedBodyIsAccepted() {
        // when
        HttpResponse response = ingest.postSleep()
                .json(array(List.of(sleep("gzip-1", "g1", 1))))
                .gzip()
                .send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(TopicContents.keys(clientRecords(ingest.sleepTopic, "gzip-")))
                .containsExactly("clinic-a/gzip-1");
    }

    @Test
    void batchWithInvalidRecordsIsRefusedWithEveryProblemAndWritesNothing() {
        // given a valid record, one ending before it starts, and one with a misspelt field and no total
        ObjectNode valid = sleep("invalid-1", "i1", 1);
        ObjectNode backwards = sleep("invalid-2", "i2", 1);
        backwards.put("sleepEnd", backwards.get("sleepStart").asText());
        ObjectNode misspelt = sleep("invalid-3", "i3", 1);
        misspelt.remove("totalSleepMinutes");
        misspelt.put("sleepQuality", 3);
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response = ingest.postSleep()
                .json(array(List.of(valid, backwards, misspelt)))
                .send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_records");
        assertThat(response.json().get("message").asText())
                .isEqualTo("2 of 3 record(s) are invalid; nothing was accepted");
        assertThat(response.problems())
                .containsExactly(
                        "1/sleepEnd/must be after sleepStart",
                        "2/totalSleepMinutes/is required",
                        "2/sleepQuality/is not a field of this record");
        assertNothingWritten(ingest.sleepTopic, endBefore, "invalid-");
    }

    @Test
    void aRecordWithADuplicateKeyIsRefusedNamingTheKeyAndNothingIsWrittenNotEvenARejection() {
        // given the second clinicId names another clinic; the old record would otherwise go to the rejections
        String valid = CanonicalJson.line(sleep("dup-1", "du1", 1));
        String twoClinics =
                withDuplicate(sleep("dup-2", "du2", 1), "\"clinicId\":\"" + RunningIngest.OTHER_CLINIC + "\"");
        String oldTwice = withDuplicate(sleep("dup-3", "du3", 200), "\"clinicId\":\"" + Canonical.CLINIC + "\"");
        Map<TopicPartition, Long> sleepBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);
        Map<TopicPartition, Long> rejectionsBefore =
                TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic);

        // when
        HttpResponse array = ingest.postSleep()
                .body(
                        ("[" + valid + "," + twoClinics + "," + oldTwice + "]").getBytes(StandardCharsets.UTF_8),
                        "application/json")
                .send();
        HttpResponse lines =
                ingest.postSleep().ndjson(valid + "\n" + twoClinics + "\n").send();
        HttpResponse object = ingest.postSleep()
                .body(oldTwice.getBytes(StandardCharsets.UTF_8), "application/json")
                .send();

        // then
        String duplicate = "is a duplicate key: each key may appear only once in an object";
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.error()).isEqualTo("invalid_records");
        assertThat(array.problems()).containsExactly("1/clinicId/" + duplicate, "2/clinicId/" + duplicate);
        assertThat(lines.status()).isEqualTo(400);
        assertThat(lines.problems()).containsExactly("2/clinicId/" + duplicate);
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.problems()).containsExactly("0/clinicId/" + duplicate);
        assertNothingWritten(ingest.sleepTopic, sleepBefore, "dup-");
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic))
                .isEqualTo(rejectionsBefore);
    }

    @Test
    void hostileJsonGetsA400NamingTheProblemNeverA500() {
        String[][] cases = {
            {"[".repeat(100_000), "the body nests arrays and objects more than 64 deep"},
            {"[{\"totalSleepMinutes\":" + "9".repeat(100_000) + "}]", "the body has a number longer than 100 characters"
            },
            {"[{\"totalSleepMinutes\":NaN}]", "the body has NaN or Infinity"},
            {"[{\"totalSleepMinutes\":Infinity}]", "the body has NaN or Infinity"},
        };
        for (String[] c : cases) {
            HttpResponse response = ingest.postSleep()
                    .body(c[0].getBytes(StandardCharsets.UTF_8), "application/json")
                    .send();

            assertThat(response.status()).as(c[1]).isEqualTo(400);
            assertThat(response.error()).as(c[1]).isEqualTo("invalid_body");
            assertThat(response.json().get("message").asText()).as(c[1]).startsWith(c[1]);
        }
    }

    private static String withDuplicate(ObjectNode record, String member) {
        String json = CanonicalJson.line(record);
        return json.substring(0, json.length() - 1) + "," + member + "}";
    }

    @Test
    void ndjsonProblemsAreIndexedByLineNumber() {
        // given line 1 valid, line 2 blank, line 3 not JSON, line 4 a session start in a sleep batch
        String body = CanonicalJson.line(sleep("lines-1", "l1", 1)) + "\n\n{not json\n"
                + CanonicalJson.line(sleep("lines-4", "l4", 1).put("timezone", "Mars/Olympus")) + "\n";
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response = ingest.postSleep().ndjson(body).send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problems())
                .containsExactly(
                        "3/$/is not well-formed JSON", "4/timezone/must be an IANA time zone id such as Europe/Berlin");
        assertNothingWritten(ingest.sleepTopic, endBefore, "lines-");
    }

    @Test
    void recordsDatedInTheFutureAreRefusedAndARecordBeforeTheRetentionIsNotAProblemOfTheBatch() {
        // given
        ObjectNode future = sleep("dates-1", "d1", -2);
        ObjectNode old = session("dates-2", "d2", 200);
        ObjectNode fine = session("dates-3", "d3", 3);
        ObjectNode futureSession = session("dates-4", "d4", -2);
        Map<TopicPartition, Long> sessionsBefore =
                TopicContents.endOffsets(ingest.bootstrapServers, ingest.sessionTopic);
        Map<TopicPartition, Long> rejectionsBefore =
                TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic);

        // when
        HttpResponse sleepResponse = ingest.postSleep().json(future).send();
        HttpResponse sessionResponse = ingest.postSessions()
                .json(array(List.of(old, fine, futureSession)))
                .send();

        // then the future ones are invalid; the old one is not listed, and with them nothing is written
        assertThat(sleepResponse.status()).isEqualTo(400);
        assertThat(sleepResponse.problems()).containsExactly("0/sleepEnd/must not be more than 1 day in the future");
        assertThat(sessionResponse.status()).isEqualTo(400);
        assertThat(sessionResponse.problems()).containsExactly("2/start/must not be more than 1 day in the future");
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sessionTopic))
                .isEqualTo(sessionsBefore);
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.rejectionsTopic))
                .isEqualTo(rejectionsBefore);
    }

    @Test
    void recordBeforeTheRetentionIsAcceptedOntoTheRejectionTopicAndTheOthersOntoTheInputTopic() {
        // given (OutsideRetentionIT has the details, on a clock that stands still)
        ObjectNode old = session("dates-5", "d5", 200);
        ObjectNode fine = session("dates-6", "d6", 3);

        // when
        HttpResponse response =
                ingest.postSessions().json(array(List.of(old, fine))).send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(1);
        assertThat(response.problemsIn("skipped"))
                .singleElement()
                .asString()
                .startsWith("0/start/is on ")
                .contains("older than the retention of 60 days: the earliest date accepted now is ");
        assertThat(TopicContents.keys(TopicContents.readCommitted(ingest.bootstrapServers, ingest.sessionTopic)))
                .contains("clinic-a/dates-6")
                .doesNotContain("clinic-a/dates-5");
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, ingest.rejectionsTopic))
                .filteredOn(r -> r.key().equals("clinic-a/dates-5"))
                .singleElement()
                .satisfies(r -> assertThat(Codecs.rejection().decode(r.value()).getReason())
                        .isEqualTo(RejectionReason.TOO_LATE));
    }

    @Test
    void batchNamingAnotherClinicIsForbiddenAndWritesNothing() {
        // given
        ObjectNode mine = sleep("forbidden-1", "f1", 1);
        ObjectNode theirs = sleep("forbidden-2", "f2", 1).put("clinicId", RunningIngest.OTHER_CLINIC);
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response =
                ingest.postSleep().json(array(List.of(mine, theirs))).send();

        // then
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("forbidden_clinic");
        assertThat(response.problems())
                .containsExactly("1/clinicId/names another clinic than the one this API key writes for");
        assertNothingWritten(ingest.sleepTopic, endBefore, "forbidden-");
    }

    @Test
    void otherClinicsKeyWritesOnlyForItsOwnClinic() {
        // given a record of clinic-a sent with clinic-b's key
        HttpResponse response = ingest.client
                .post("/v1/sleep-records")
                .key(ingest.otherClinicKey)
                .json(sleep("cross-1", "x1", 1))
                .send();

        // then
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void missingOrUnknownKeyIsUnauthorized() {
        // when
        HttpResponse missing = ingest.client
                .post("/v1/sleep-records")
                .json(sleep("auth-1", "a1", 1))
                .send();
        HttpResponse unknown = ingest.client
                .post("/v1/sleep-records")
                .key("sdk_not-a-key")
                .json(sleep("auth-1", "a1", 1))
                .send();
        HttpResponse wrongScheme = ingest.client
                .post("/v1/sleep-records")
                .header("Authorization", "Basic " + ingest.key)
                .json(sleep("auth-1", "a1", 1))
                .send();

        // then
        for (HttpResponse response : List.of(missing, unknown, wrongScheme)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.error()).isEqualTo("unauthorized");
            assertThat(response.header("WWW-Authenticate")).contains("Bearer");
            assertThat(response.json().get("problems")).isEmpty();
        }
    }

    @Test
    void unsupportedContentTypeOrEncodingIs415() {
        // when
        HttpResponse text = ingest.postSleep()
                .body("{}".getBytes(StandardCharsets.UTF_8), "text/plain")
                .send();
        HttpResponse none = ingest.postSleep()
                .body("{}".getBytes(StandardCharsets.UTF_8), null)
                .send();
        HttpResponse latin1 = ingest.postSleep()
                .body("{}".getBytes(StandardCharsets.UTF_8), "application/json; charset=ISO-8859-1")
                .send();
        HttpResponse brotli = ingest.postSleep()
                .json(sleep("enc-1", "e1", 1))
                .header("Content-Encoding", "br")
                .send();

        // then
        for (HttpResponse response : List.of(text, none, latin1, brotli)) {
            assertThat(response.status()).isEqualTo(415);
            assertThat(response.error()).isEqualTo("unsupported_media_type");
        }
    }

    @Test
    void malformedJsonOrAnEmptyBatchIsAnInvalidBody() {
        // when
        HttpResponse broken = ingest.postSleep()
                .body("[{\"clinicId\": ".getBytes(StandardCharsets.UTF_8), "application/json")
                .send();
        HttpResponse empty = ingest.postSleep()
                .body("[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .send();
        HttpResponse notGzip = ingest.postSleep()
                .body("[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .header("Content-Encoding", "gzip")
                .send();

        // then
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.error()).isEqualTo("invalid_body");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("message").asText()).isEqualTo("the body holds no records");
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.json().get("message").asText()).contains("not valid gzip");
    }

    @Test
    void dryRunAnswersWithTheNormalisedRecordsAndWritesNothing() {
        // given a record with an offset time, which normalises to its own zone's offset
        ObjectNode night = sleep("dry-1", "dr1", 1).put("timezone", "Europe/Berlin");
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response = ingest.client
                .post("/v1/sleep-records?dryRun=true")
                .key(ingest.key)
                .json(night)
                .send();

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("dryRun").asBoolean()).isTrue();
        assertThat(response.json().get("valid").asInt()).isEqualTo(1);
        JsonNode normalised = response.json().get("records").get(0);
        assertThat(normalised)
                .isEqualTo(CanonicalJson.toJson(CanonicalJson.sleepRecord(night).value()));
        assertThat(normalised.get("sleepEnd").asText()).matches(".*\\+0[12]:00"); // Berlin's offset, not the Z sent
        assertNothingWritten(ingest.sleepTopic, endBefore, "dry-");
    }

    @Test
    void dryRunOfAnInvalidBatchAnswersWithTheProblems() {
        // when
        HttpResponse response = ingest.client
                .post("/v1/massage-sessions?dryRun=true")
                .key(ingest.key)
                .json(session("dry-2", "ds", 1).put("durationMinutes", 2))
                .send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problems()).containsExactly("0/durationMinutes/must be from 5 to 300");
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheErrorShape() {
        // when
        HttpResponse unknown = ingest.client
                .post("/v1/nope")
                .key(ingest.key)
                .json(sleep("x", "x", 1))
                .send();
        HttpResponse wrongMethod =
                ingest.client.get("/v1/sleep-records").key(ingest.key).send();

        // then
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("not_found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.error()).isEqualTo("method_not_allowed");
    }

    @Test
    void healthSaysLiveAndReadyWhileKafkaAnswers() {
        // when
        HttpResponse live = ingest.client.get("/health/live").send();
        HttpResponse ready = ingest.client.get("/health/ready").send();

        // then
        assertThat(live.status()).isEqualTo(200);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void logsNameNoClientKeyOrPayloadValue() {
        try (LogCapture logs = new LogCapture()) {
            // when Prometheus and the orchestrator probe, as they do every few seconds (first, so that their lines
            // would be long written when the API requests' lines are awaited)
            ingest.client.get("/metrics").send();
            ingest.client.get("/health/ready").send();
            ingest.client.get("/health/live").send();
            // and requests succeed and fail in every way that logs something
            ingest.postSleep()
                    .json(array(List.of(sleep("private-person-1", "private-record", 1))))
                    .send();
            ingest.postSleep()
                    .json(sleep("private-person-2", "r", 1).put("timezone", "Private/Zone"))
                    .send();
            ingest.client
                    .post("/v1/sleep-records")
                    .key("sdk_private-wrong-key")
                    .json(sleep("private-person-3", "r", 1))
                    .send();
            ingest.postSleep()
                    .body(
                            "{\"clientId\": \"private-person-4\" oops".getBytes(StandardCharsets.UTF_8),
                            "application/json")
                    .send();
            ingest.client
                    .post("/v1/wearables/oura/sleep?clientId=private-person-5")
                    .key(ingest.key)
                    .json(sleep("private-person-5", "r", 1))
                    .send();
            ingest.client
                    .post("/v1/private-person-6")
                    .key(ingest.key)
                    .json(sleep("private-person-6", "r", 1))
                    .send();

            // then each API request is logged, by method, route and status, and nothing private is; successful
            // probes and scrapes are not (one line each per scrape interval would bury the API's lines)
            Awaitility.await("six request log lines")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines().stream()
                                    .filter(l -> l.contains("RequestLog"))
                                    .count()
                            >= 6);
            assertThat(logs.lines())
                    .anyMatch(l -> l.contains("POST /v1/sleep-records 202 records=1"))
                    .anyMatch(l -> l.contains("POST /v1/wearables/{vendor}/sleep 404"))
                    .anyMatch(l -> l.contains("POST (no route) 404"))
                    .noneMatch(l -> l.contains("GET /metrics") || l.contains("GET /health"))
                    .noneMatch(l -> l.contains("private-") || l.contains("Private/Zone") || l.contains(ingest.key));
        }
    }

    /** The client's records, decrypted (ingest encrypts every value). */
    private static List<ConsumerRecord<String, byte[]>> clientRecords(String topic, String clientPrefix) {
        return ingest.readPlaintext(topic).stream()
                .filter(r -> r.key().startsWith("clinic-a/" + clientPrefix))
                .toList();
    }

    private static void assertNothingWritten(String topic, Map<TopicPartition, Long> endBefore, String clientPrefix) {
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, topic)).isEqualTo(endBefore);
        assertThat(clientRecords(topic, clientPrefix)).isEmpty();
    }
}
