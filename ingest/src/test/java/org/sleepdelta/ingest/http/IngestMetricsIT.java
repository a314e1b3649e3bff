package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.session;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.sleepdelta.platform.testing.PrometheusText;
import org.sleepdelta.schemas.json.CanonicalJson;

/** {@code GET /metrics} of a running ingest service, over real HTTP against a real broker, after real batches. */
class IngestMetricsIT {
    private final RunningIngest ingest = RunningIngest.builder()
            .wiring(w -> w.vendors(v -> v == Vendor.OURA ? Optional.of(new FakeOuraAdapter()) : Optional.empty()))
            .start();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        ingest.close();
    }

    /** Without an API key, as Prometheus scrapes. */
    private PrometheusText scrape() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingest.service.port() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            java.net.http.HttpResponse<String> response =
                    http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(ServiceMetrics.CONTENT_TYPE);
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records the producers sent, each counted once: Kafka counts a record again in {@code record-send-total} when a
     * request times out under load and the idempotent producer retries it, and counts that in
     * {@code record-retry-total}.
     */
    private static double recordsSentOnce(PrometheusText scrape) {
        assertThat(scrape.find("kafka_producer_record_retry_total"))
                .as("the producers' retry counter")
                .isNotEmpty();
        return sum(scrape, "kafka_producer_record_send_total") - sum(scrape, "kafka_producer_record_retry_total");
    }

    private static double sum(PrometheusText scrape, String name, String... labels) {
        return scrape.find(name, labels).stream()
                .mapToDouble(PrometheusText.Sample::value)
                .sum();
    }

    @Test
    void anAcceptedAndARefusedBatchAreCountedWithTheirRequestsAndTheProducersKafkaMetrics() {
        // given
        ArrayNode sessions =
                array(List.of(session("m-1", "s-1", 2), session("m-2", "s-2", 2).put("durationMinutes", 2)));

        // when
        HttpResponse accepted = ingest.postSleep()
                .json(array(List.of(sleep("m-1", "r1", 1), sleep("m-1", "r2", 2), sleep("m-2", "r3", 1))))
                .send();
        HttpResponse refused = ingest.postSessions().json(sessions).send();
        PrometheusText scrape = scrape();

        // then
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_records");
        assertThat(scrape.value("sleepdelta_ingest_records_accepted_total", "kind", "sleep", "service", "ingest"))
                .isEqualTo(3.0);
        assertThat(scrape.value("sleepdelta_ingest_records_accepted_total", "kind", "session"))
                .isZero();
        // every kind and reason is exported from the start (at zero, so panels never show "No data")
        assertThat(scrape.find("sleepdelta_ingest_records_rejected_total")).hasSize(10);
        assertThat(scrape.find("sleepdelta_ingest_records_rejected_total"))
                .filteredOn(s -> s.value() > 0)
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.labels()).containsEntry("kind", "session").containsEntry("reason", "invalid_records");
                    assertThat(s.value()).isEqualTo(2.0);
                });
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count", "endpoint", "/v1/sleep-records", "status", "202"))
                .isEqualTo(1.0);
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count",
                        "endpoint",
                        "/v1/massage-sessions",
                        "status",
                        "400"))
                .isEqualTo(1.0);
        assertThat(scrape.find("sleepdelta_ingest_requests_seconds_bucket", "endpoint", "/v1/sleep-records"))
                .hasSizeGreaterThan(10);
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_bucket",
                        "endpoint",
                        "/v1/sleep-records",
                        "status",
                        "202",
                        "le",
                        "+Inf"))
                .isEqualTo(1.0);
        assertThat(recordsSentOnce(scrape))
                .as("the transaction's sends: three records and the new data keys of clients m-1 and m-2")
                .isEqualTo(5.0);
        assertThat(scrape.find("kafka_producer_record_send_total"))
                .extracting(s -> s.labels().get("client_id"))
                .allSatisfy(id -> assertThat(id).startsWith(ingest.transactionalIdPrefix + "-"));
        assertThat(scrape.names())
                .contains(
                        "jvm_memory_used_bytes",
                        "jvm_gc_memory_allocated_bytes_total",
                        "process_uptime_seconds",
                        "system_cpu_count",
                        "jvm_threads_live_threads");
        thenNothingNamesAClinicOrAClient(scrape);
    }

    @Test
    void recordsOutsideTheRetentionAreCountedAsRejectedTooLateAndTheOthersAsAccepted() {
        // when a batch with two recent nights and one of 200 days ago, and a dry run of another old one
        HttpResponse response = ingest.postSleep()
                .json(array(List.of(sleep("t-1", "r1", 1), sleep("t-1", "r2", 200), sleep("t-2", "r3", 2))))
                .send();
        HttpResponse dryRun = ingest.client
                .post("/v1/massage-sessions?dryRun=true")
                .key(ingest.key)
                .json(session("t-3", "s1", 200))
                .send();
        PrometheusText scrape = scrape();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(dryRun.status()).isEqualTo(200);
        assertThat(scrape.value("sleepdelta_ingest_records_accepted_total", "kind", "sleep"))
                .isEqualTo(2.0);
        assertThat(scrape.value("sleepdelta_ingest_records_rejected_total", "kind", "sleep", "reason", "too_late"))
                .isEqualTo(1.0);
        assertThat(scrape.value("sleepdelta_ingest_records_rejected_total", "kind", "session", "reason", "too_late"))
                .isZero();
        assertThat(scrape.find("sleepdelta_ingest_records_rejected_total"))
                .filteredOn(s -> s.value() > 0)
                .hasSize(1);
        assertThat(recordsSentOnce(scrape))
                .as("one transaction: two records, one rejection, and the new data keys of clients t-1 and t-2")
                .isEqualTo(5.0);
        thenNothingNamesAClinicOrAClient(scrape);
    }

    @Test
    void refusalsBeforeTheRecordsAreReadAndDryRunsCountNoRecordsButEveryRequestIsTimed() {
        // when
        HttpResponse noKey = ingest.client
                .post("/v1/sleep-records")
                .json(array(List.of(sleep("d-1", "r1", 1))))
                .send();
        HttpResponse notJson = ingest.postSleep()
                .body("{not json".getBytes(StandardCharsets.UTF_8), "application/json")
                .send();
        HttpResponse dryRunValid = ingest.client
                .post("/v1/sleep-records?dryRun=true")
                .key(ingest.key)
                .json(array(List.of(sleep("d-1", "r1", 1))))
                .send();
        HttpResponse dryRunInvalid = ingest.client
                .post("/v1/sleep-records?dryRun=true")
                .key(ingest.key)
                .json(array(List.of(sleep("d-1", "r1", 1).put("totalSleepMinutes", -1))))
                .send();
        HttpResponse unknownPath =
                ingest.client.get("/v1/clients/d-1/sleep").key(ingest.key).send();
        PrometheusText scrape = scrape();

        // then
        assertThat(List.of(
                        noKey.status(),
                        notJson.status(),
                        dryRunValid.status(),
                        dryRunInvalid.status(),
                        unknownPath.status()))
                .containsExactly(401, 400, 200, 400, 404);
        assertThat(scrape.find("sleepdelta_ingest_records_rejected_total"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).isZero());
        assertThat(sum(scrape, "sleepdelta_ingest_records_accepted_total")).isZero();
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count", "endpoint", "/v1/sleep-records", "status", "401"))
                .isEqualTo(1.0);
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count", "endpoint", "/v1/sleep-records", "status", "400"))
                .isEqualTo(2.0);
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count", "endpoint", "/v1/sleep-records", "status", "200"))
                .isEqualTo(1.0);
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count",
                        "endpoint",
                        IngestMetrics.UNMATCHED,
                        "status",
                        "404"))
                .isEqualTo(1.0);
        thenNothingNamesAClinicOrAClient(scrape);
    }

    @Test
    void aVendorPayloadIsTimedByItsRouteTemplateAndItsUnreadableItemsCountAsRejectedRecords() {
        // given one readable item and two the adapter cannot read
        ObjectNode payload = CanonicalJson.mapper().createObjectNode();
        ArrayNode items = payload.putArray("sleep");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.DAYS);
        for (String id : List.of("v1", "v2", "v3")) {
            ObjectNode item = items.addObject()
                    .put("id", id)
                    .put("start", end.minus(8, ChronoUnit.HOURS).toString())
                    .put("end", end.toString());
            if (id.equals("v1")) {
                item.put("total", 400);
            }
        }
        ObjectNode otherClinic = sleep("w-2", "r9", 1).put("clinicId", RunningIngest.OTHER_CLINIC);

        // when
        HttpResponse wearable = ingest.client
                .post("/v1/wearables/oura/sleep?clientId=w-1")
                .key(ingest.key)
                .json(payload)
                .send();
        HttpResponse forbidden = ingest.postSleep()
                .json(array(List.of(sleep("w-2", "r8", 1), otherClinic)))
                .send();
        PrometheusText scrape = scrape();

        // then
        assertThat(wearable.status()).isEqualTo(400);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(scrape.value(
                        "sleepdelta_ingest_records_rejected_total", "kind", "sleep", "reason", "invalid_records"))
                .isEqualTo(3.0);
        assertThat(scrape.value(
                        "sleepdelta_ingest_records_rejected_total", "kind", "sleep", "reason", "forbidden_clinic"))
                .isEqualTo(2.0);
        assertThat(scrape.value(
                        "sleepdelta_ingest_requests_seconds_count",
                        "endpoint",
                        "/v1/wearables/{vendor}/sleep",
                        "status",
                        "400"))
                .isEqualTo(1.0);
        thenNothingNamesAClinicOrAClient(scrape);
    }

    /** No label is a client or clinic, and no label value carries one (nor a path as sent, which may name one). */
    private static void thenNothingNamesAClinicOrAClient(PrometheusText scrape) {
        assertThat(scrape.samples()).allSatisfy(s -> {
            // Kafka's own client.id tag (a producer's transactional id) becomes client_id on kafka_* meters
            List<String> forbidden = ServiceMetrics.FORBIDDEN_TAG_KEYS.stream()
                    .filter(k -> !(k.equals("client_id") && s.name().startsWith("kafka_")))
                    .toList();
            assertThat(s.labels().keySet()).as(s.name()).doesNotContainAnyElementsOf(forbidden);
            assertThat(s.labels().values())
                    .as(s.name())
                    .noneMatch(v -> v.contains(Canonical.CLINIC)
                            || v.contains(RunningIngest.OTHER_CLINIC)
                            || v.matches(".*\\b[mdw]-\\d.*")
                            || v.contains("oura"));
        });
    }
}
