package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.DataKey;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;
import org.sleepdelta.schemas.crypto.PayloadEnvelope;

/**
 * Input encrypted under the client's data key gives exactly the output of the same input in plaintext; once the key is
 * destroyed, the client's records are dropped and counted, and copied nowhere; an altered envelope is rejected with
 * its encrypted bytes.
 */
class EncryptedInputTest {
    private static final LocalDate N0 = LocalDate.of(2026, 6, 1);
    private static final String CLIENT_KEY = "clinic-a/c1";

    private final Map<String, DataKey> keys = new ConcurrentHashMap<>(Map.of(CLIENT_KEY, DataKey.generate()));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyHarness encrypted = new TopologyHarness(
            TopologySettings.defaults().keepingEverything(),
            TopologyMetrics.on(registry),
            new PayloadDecryptor(
                    (client, id) -> Optional.ofNullable(keys.get(client)).filter(k -> k.id().equals(id))));
    private final TopologyHarness plain = new TopologyHarness();

    @AfterEach
    void close() {
        encrypted.close();
        plain.close();
    }

    @Test
    void encryptedInputGivesTheSameMetricsAsPlaintext() {
        MassageSession session = TestData.session("s1", N0, LocalTime.of(10, 0)).build();
        List<SleepRecord> nights = TestData.nights(
                N0.minusDays(14), 400, 410, 420, 430, 440, 450, 400, 410, 420, 430, 400, 410, 420, 430, 440, 450, 450);

        plain.session(session);
        nights.forEach(plain::sleep);
        encrypted.rawSession(CLIENT_KEY, seal(Codecs.massageSession().encode(session)));
        nights.forEach(
                n -> encrypted.rawSleep(CLIENT_KEY, seal(Codecs.sleepRecord().encode(n))));

        assertThat(plain.dashboardState()).isNotEmpty();
        assertThat(encrypted.dashboardState()).isEqualTo(plain.dashboardState());
        assertThat(encrypted.rejections()).isEmpty();
    }

    @Test
    void afterTheKeyIsDestroyedTheClientsRecordsAreDroppedCountedAndCopiedNowhere() {
        byte[] night = seal(Codecs.sleepRecord().encode(TestData.night(N0, 400).build()));
        keys.clear();

        encrypted.rawSleep(CLIENT_KEY, night);

        assertThat(encrypted.rejections()).isEmpty();
        assertThat(encrypted.newOutput()).isEmpty();
        assertThat(encrypted.nightlyState()).isEmpty();
        assertThat(registry.get(TopologyMetrics.WITHOUT_KEY).counter().count()).isEqualTo(1.0);
    }

    @Test
    void anAlteredEnvelopeOrOneMovedUnderAnotherClientIsRejectedWithItsEncryptedBytes() {
        byte[] tampered =
                seal(Codecs.sleepRecord().encode(TestData.night(N0, 400).build()));
        tampered[tampered.length - 1] ^= 1;
        keys.put("clinic-a/c2", keys.get(CLIENT_KEY));

        encrypted.rawSleep(CLIENT_KEY, tampered);
        encrypted.rawSleep(
                "clinic-a/c2",
                seal(Codecs.sleepRecord().encode(TestData.night(N0, 400).build())));

        List<TestRecord<String, Rejection>> rejected = encrypted.rejectionRecords();
        assertThat(rejected).hasSize(2);
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.value().getReason()).isEqualTo(RejectionReason.UNDECODABLE);
            byte[] payload = new byte[r.value().getPayload().remaining()];
            r.value().getPayload().duplicate().get(payload);
            assertThat(PayloadEnvelope.isSealed(payload)).isTrue();
            // the plaintext's ids are absent; a two-letter id would turn up in random ciphertext now and then
            assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("clinic-a");
        });
        assertThat(rejected.get(0).value().getPayload().array()).contains(tampered);
    }

    private byte[] seal(byte[] plaintext) {
        return PayloadEnvelope.seal(keys.get(CLIENT_KEY), CLIENT_KEY, plaintext);
    }
}
