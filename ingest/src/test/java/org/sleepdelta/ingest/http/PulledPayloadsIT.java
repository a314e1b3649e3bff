package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * A pulled night is byte-for-byte the uploaded one: the same Oura payload, uploaded to {@code POST
 * /v1/wearables/oura/sleep} of a running ingest and read by {@link PulledPayloads}, gives the same record values, keys
 * and topics.
 */
class PulledPayloadsIT {
    private static final String FIXTURE = "/vendor/oura/sleep-collection.json";
    private static final String ZONE = "America/Chicago";
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        // The fixture's nights are from March 2026: a retention that keeps them, on both paths.
        ingest = RunningIngest.builder()
                .setting("retention-days", "3650")
                .wiring(w -> w.vendors(VendorAdapters::forVendor))
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void aPulledPageGivesExactlyTheRecordsAnUploadOfItGives() throws IOException {
        // given
        byte[] payload;
        try (InputStream in = PulledPayloadsIT.class.getResourceAsStream(FIXTURE)) {
            payload = in.readAllBytes();
        }

        // when uploaded
        HttpResponse response = ingest.client
                .post("/v1/wearables/oura/sleep?clientId=same-1&timezone=" + ZONE)
                .key(ingest.key)
                .body(payload, "application/json")
                .send();
        assertThat(response.status()).isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> uploaded = ingest.readPlaintext(ingest.sleepTopic).stream()
                .filter(r -> r.key().equals("clinic-a/same-1"))
                .toList();

        // and pulled
        PulledPayloads pulled = new PulledPayloads(
                VendorAdapters::forVendor,
                new CanonicalRecords(ingest.sleepTopic, ingest.sessionTopic, ingest.rejectionsTopic),
                Clock.systemUTC(),
                3650,
                Duration.ofDays(1));
        PulledPayloads.Pulled page = pulled.read(payload, "oura", "oura", "clinic-a", "same-1", ZoneId.of(ZONE));

        // then
        assertThat(uploaded).isNotEmpty();
        assertThat(page.accepted()).isEqualTo(uploaded.size());
        assertThat(page.invalid()).isZero();
        List<ProducerRecord<String, byte[]>> records = page.records();
        for (int i = 0; i < uploaded.size(); i++) {
            assertThat(records.get(i).topic()).isEqualTo(uploaded.get(i).topic());
            assertThat(records.get(i).key()).isEqualTo(uploaded.get(i).key());
            assertThat(records.get(i).value()).isEqualTo(uploaded.get(i).value());
        }
    }
}
