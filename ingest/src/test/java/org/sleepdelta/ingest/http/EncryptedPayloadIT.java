package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.auth.TestDecryption;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.ClientKeyRecords;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;
import org.sleepdelta.schemas.crypto.PayloadEnvelope;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Against a real broker: a batch posted over HTTP lands encrypted (the raw bytes on the topic name neither the client
 * nor the record's values), its data key is on the client-keys topic under {@code clinicId/clientId/keyId} and opens it
 * to exactly the record sent, and once that key is tombstoned (as an erasure does), nothing opens the record any more.
 */
class EncryptedPayloadIT {
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
    void aPostedBatchLandsEncryptedAndIsShreddedWithItsClientsKey() {
        // given a night with recognisable ids and values
        ObjectNode night = sleep("shred-c1", "oura-shred-7", 2).put("totalSleepMinutes", 417);

        // when
        assertThat(ingest.postSleep().json(array(List.of(night))).send().status())
                .isEqualTo(202);

        // then the bytes on the topic are an envelope that names none of it
        ConsumerRecord<String, byte[]> written =
                TopicContents.readCommitted(ingest.bootstrapServers, ingest.sleepTopic).stream()
                        .filter(r -> r.key().equals("clinic-a/shred-c1"))
                        .findFirst()
                        .orElseThrow();
        assertThat(PayloadEnvelope.isSealed(written.value())).isTrue();
        String raw = new String(written.value(), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("shred-c1", "oura-shred-7", "clinic-a");

        // and its key opens it to exactly the record sent
        String keyId = PayloadEnvelope.keyId(written.value());
        String keyRecord = ClientKeyRecords.recordKey("clinic-a/shred-c1", keyId);
        assertThat(TopicContents.keys(TopicContents.readCommitted(ingest.bootstrapServers, ingest.clientKeysTopic)))
                .contains(keyRecord);
        try (TestDecryption decryption = new TestDecryption(ingest.bootstrapServers, ingest.clientKeysTopic)) {
            SleepRecord opened = Codecs.sleepRecord().decode(decryption.open(written.key(), written.value()));
            assertThat(opened).isEqualTo(CanonicalJson.sleepRecord(night).value());

            // when the client's key is destroyed, as the erasure does
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ingest.bootstrapServers),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(ingest.clientKeysTopic, keyRecord, null));
            }
            decryption.directory().refresh();

            // then the stored record no longer opens: the directory has no such key
            PayloadDecryptor.Opened after =
                    new PayloadDecryptor(decryption.directory()).open(written.key(), written.value());
            assertThat(after.outcome()).isEqualTo(PayloadDecryptor.Outcome.NO_KEY);
            assertThat(after.payload()).isNull();
            assertThat(decryption.directory().isDestroyed("clinic-a/shred-c1", keyId))
                    .isTrue();
        }

        // and a later batch of the client gets a new key, not the destroyed one (ingest re-reads within 5 s)
        org.awaitility.Awaitility.await("a new data key for the erased client")
                .atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> {
                    ObjectNode next = sleep("shred-c1", "oura-shred-" + System.nanoTime(), 1);
                    assertThat(ingest.postSleep()
                                    .json(array(List.of(next)))
                                    .send()
                                    .status())
                            .isEqualTo(202);
                    return TopicContents.readCommitted(ingest.bootstrapServers, ingest.sleepTopic).stream()
                            .filter(r -> r.key().equals("clinic-a/shred-c1"))
                            .map(r -> PayloadEnvelope.keyId(r.value()))
                            .anyMatch(id -> !id.equals(keyId));
                });
    }
}
