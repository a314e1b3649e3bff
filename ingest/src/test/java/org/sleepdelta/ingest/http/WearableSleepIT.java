package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;

/** Vendor payloads through an adapter (a fake until the real ones are merged), all-or-nothing like every batch. */
class WearableSleepIT {
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.builder()
                .setting("max-wearable-body-bytes", "8KB")
                .wiring(w -> w.vendors(v -> v == Vendor.OURA ? Optional.of(new FakeOuraAdapter()) : Optional.empty()))
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void vendorPayloadBecomesCanonicalRecordsOfTheKeysClinicAndTheNamedClient() {
        // given
        ObjectNode payload = payload(item("n1", 2, 410), item("n2", 1, 380));

        // when
        HttpResponse response = post("/v1/wearables/oura/sleep?clientId=wear-1&timezone=Europe/Berlin", payload)
                .send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> written = ingest.readPlaintext(ingest.sleepTopic).stream()
                .filter(r -> r.key().equals("clinic-a/wear-1"))
                .toList();
        assertThat(written).hasSize(2);
        for (ConsumerRecord<String, byte[]> record : written) {
            SleepRecord value = Codecs.sleepRecord().decode(record.value());
            assertThat(value.getClinicId()).isEqualTo(Canonical.CLINIC);
            assertThat(value.getSource()).isEqualTo(SleepSource.OURA);
            assertThat(value.getTimezone()).isEqualTo("Europe/Berlin");
            assertThat(record.timestamp()).isEqualTo(value.getSleepEnd().toEpochMilli());
            assertThat(PipelineHeaders.ingestedAt(record.headers())).isPositive();
        }
    }

    @Test
    void gzipCompressedPayloadIsAccepted() {
        // when
        HttpResponse response = post("/v1/wearables/oura/sleep?clientId=wear-2", payload(item("g1", 1, 400)))
                .gzip()
                .send();

        // then
        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void itemsTheAdapterCannotReadRefuseThePayloadWithTheirLocations() {
        // given
        ObjectNode payload = payload(item("p1", 1, 400), item("p2", 2, 400), item("p3", 3, 400));
        ((ObjectNode) payload.get("sleep").get(1)).remove("total");
        ((ObjectNode) payload.get("sleep").get(2)).remove("total");
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response =
                post("/v1/wearables/oura/sleep?clientId=wear-3", payload).send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_records");
        assertThat(response.problems()).containsExactly("sleep[1]/total/is required", "sleep[2]/total/is required");
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic))
                .isEqualTo(endBefore);
    }

    @Test
    void adapterRecordsBreakingTheIngestRulesRefuseThePayload() {
        // given a night in the future, second in the adapter's output
        ObjectNode payload = payload(item("f1", 1, 400), item("f2", -3, 400));

        // when
        HttpResponse response =
                post("/v1/wearables/oura/sleep?clientId=wear-4", payload).send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problems()).containsExactly("1/sleepEnd/must not be more than 1 day in the future");
    }

    @Test
    void unreadablePayloadIsAnInvalidPayload() {
        // when
        HttpResponse response = ingest.client
                .post("/v1/wearables/oura/sleep?clientId=wear-5")
                .key(ingest.key)
                .body("<xml/>".getBytes(StandardCharsets.UTF_8), "application/xml")
                .send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_payload");
        assertThat(response.json().get("message").asText())
                .isEqualTo("the payload cannot be read as oura sleep data: not JSON");
    }

    @Test
    void unknownVendorOrVendorWithoutAnAdapterIsNotFound() {
        // when
        HttpResponse unknown = post("/v1/wearables/sleepmaster/sleep?clientId=wear-6", payload(item("u", 1, 400)))
                .send();
        HttpResponse noAdapter = post("/v1/wearables/fitbit/sleep?clientId=wear-6", payload(item("u", 1, 400)))
                .send();

        // then
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).startsWith("no such vendor; vendors are fitbit, oura,");
        assertThat(noAdapter.status()).isEqualTo(404);
        assertThat(noAdapter.json().get("message").asText()).isEqualTo("payloads of fitbit are not accepted yet");
    }

    @Test
    void missingOrInvalidQueryParametersAreInvalidRequests() {
        // when
        HttpResponse noClient =
                post("/v1/wearables/oura/sleep", payload(item("q", 1, 400))).send();
        HttpResponse badClient = post("/v1/wearables/oura/sleep?clientId=a%2Fb", payload(item("q", 1, 400)))
                .send();
        HttpResponse badZone = post(
                        "/v1/wearables/oura/sleep?clientId=wear-7&timezone=Mars", payload(item("q", 1, 400)))
                .send();

        // then
        assertThat(List.of(noClient, badClient, badZone)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).isEqualTo("invalid_request");
        });
        assertThat(noClient.json().get("message").asText()).isEqualTo("the query parameter clientId is required");
    }

    @Test
    void dryRunAnswersWithTheCanonicalRecordsAndWritesNothing() {
        // given
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse response = post(
                        "/v1/wearables/oura/sleep?clientId=wear-8&dryRun=true", payload(item("d1", 1, 400)))
                .send();

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("records")).hasSize(1);
        assertThat(response.json().get("records").get(0).get("sourceRecordId").asText())
                .isEqualTo("oura-d1");
        assertThat(response.json().get("records").get(0).get("clientId").asText())
                .isEqualTo("wear-8");
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic))
                .isEqualTo(endBefore);
    }

    @Test
    void payloadOverTheWearableLimitIsTooLarge() {
        // given a payload of more than 8 KB
        ObjectNode[] items = new ObjectNode[100];
        for (int i = 0; i < items.length; i++) {
            items[i] = item("big-" + i, 1, 400);
        }

        // when
        HttpResponse response = post("/v1/wearables/oura/sleep?clientId=wear-9", payload(items))
                .chunked()
                .send();

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("body_too_large");
    }

    @Test
    void payloadWithoutKeyIsUnauthorized() {
        // when
        HttpResponse response = ingest.client
                .post("/v1/wearables/oura/sleep?clientId=wear-10")
                .json(payload(item("a", 1, 400)))
                .send();

        // then
        assertThat(response.status()).isEqualTo(401);
    }

    private static IngestClient.Call post(String path, ObjectNode payload) {
        return ingest.client.post(path).key(ingest.key).json(payload);
    }

    private static ObjectNode payload(ObjectNode... items) {
        ObjectNode payload = CanonicalJson.mapper().createObjectNode();
        ArrayNode list = payload.putArray("sleep");
        for (ObjectNode item : items) {
            list.add(item);
        }
        return payload;
    }

    private static ObjectNode item(String id, int daysAgo, int total) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(daysAgo, ChronoUnit.DAYS);
        return CanonicalJson.mapper()
                .createObjectNode()
                .put("id", id)
                .put("start", end.minus(8, ChronoUnit.HOURS).toString())
                .put("end", end.toString())
                .put("total", total);
    }
}
