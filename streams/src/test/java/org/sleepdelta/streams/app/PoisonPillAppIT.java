package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.streams.FailingTopology;
import org.sleepdelta.streams.TopologySettings;

/**
 * Poison pills against the real application on a real broker (exactly-once, RocksDB): garbage bytes, a record
 * claiming a 2 GB string, a value of nearly 1 MB, and a record whose processing fails half-way, then a good record.
 * Each bad one becomes a rejection, the good one its dashboard records, and the application never leaves RUNNING:
 * every state change is recorded, and none is an error or a shutdown.
 */
class PoisonPillAppIT {
    private static final int PARTITIONS = 4;
    private static final LocalDate DAY = LocalDate.of(2026, 2, 2);

    private final String clinic = KafkaTestBroker.uniqueName("clinic-pills");
    private final String goodClient = clinic + "/good";
    private final String poisonedClient = clinic + "/poisoned";

    @Test
    void poisonPillsBecomeRejectionsAndTheAppStaysRunning(@TempDir Path stateDir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        TopicSetup.ensure(KafkaTestBroker.admin(), PARTITIONS, (short) 1);
        List<KafkaStreams.State> changes = new CopyOnWriteArrayList<>();
        byte[] nearlyOneMegabyte = new byte[1_000_000];
        Arrays.fill(nearlyOneMegabyte, (byte) 0xFF);

        try (SleepChangeApp app = SleepChangeApp.start(
                        settings(bootstrap, stateDir),
                        Duration.ofMinutes(2),
                        (topology, metrics, decryptor) -> FailingTopology.failingFor(topology, metrics, poisonedClient),
                        (now, before) -> changes.add(now));
                KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            // when
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, goodClient, new byte[] {0, 1, 2, 3, 42}));
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, goodClient, hugeStringClaim()));
            producer.send(new ProducerRecord<>(Topics.MASSAGE_SESSIONS, goodClient, nearlyOneMegabyte));
            producer.send(new ProducerRecord<>(
                    Topics.MASSAGE_SESSIONS,
                    poisonedClient,
                    Codecs.massageSession().encode(session(poisonedClient, "p1"))));
            producer.send(new ProducerRecord<>(
                    Topics.MASSAGE_SESSIONS, goodClient, Codecs.massageSession().encode(session(goodClient, "s1"))));
            producer.flush();

            // then
            List<Rejection> rejections = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        rejections.clear();
                        CommittedRecords.readAll(bootstrap, Topics.REJECTIONS, PARTITIONS, clinic)
                                .forEach(r -> rejections.add(Codecs.rejection().decode(r.value())));
                        assertThat(rejections).hasSize(4);
                        assertThat(CommittedRecords.readAll(
                                        bootstrap, Topics.SLEEP_CHANGE_METRICS, PARTITIONS, goodClient + "/s1/"))
                                .hasSize(3);
                    });
            assertThat(rejections)
                    .extracting(Rejection::getReason)
                    .containsExactlyInAnyOrder(
                            RejectionReason.UNDECODABLE,
                            RejectionReason.UNDECODABLE,
                            RejectionReason.UNDECODABLE,
                            RejectionReason.INVALID);
            assertThat(rejections)
                    .filteredOn(r -> r.getReason() == RejectionReason.INVALID)
                    .singleElement()
                    .satisfies(r -> assertThat(r.getDetail()).startsWith("processing failed:"))
                    .satisfies(r -> assertThat(r.getRecordKey()).isEqualTo(poisonedClient));
            assertThat(rejections)
                    .allSatisfy(r -> assertThat(r.getPayload().remaining()).isLessThanOrEqualTo(64 * 1024));
            assertThat(CommittedRecords.readAll(
                            bootstrap, Topics.SLEEP_CHANGE_METRICS, PARTITIONS, poisonedClient + "/"))
                    .isEmpty();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.failure()).isNull();
            assertThat(changes)
                    .contains(KafkaStreams.State.RUNNING)
                    .doesNotContain(
                            KafkaStreams.State.PENDING_ERROR,
                            KafkaStreams.State.ERROR,
                            KafkaStreams.State.PENDING_SHUTDOWN,
                            KafkaStreams.State.NOT_RUNNING);
        }
    }

    private static StreamsAppSettings settings(String bootstrap, Path stateDir) {
        return new StreamsAppSettings(
                bootstrap,
                KafkaTestBroker.uniqueName("sleepdelta-pills"),
                stateDir,
                StreamsConfig.EXACTLY_ONCE_V2,
                1,
                Duration.ofMillis(100),
                TopologySettings.defaults().keepingEverything(),
                Map.of());
    }

    private static MassageSession session(String clientKey, String sessionId) {
        String[] ids = clientKey.split("/");
        return MassageSession.newBuilder()
                .setClinicId(ids[0])
                .setClientId(ids[1])
                .setSessionId(sessionId)
                .setModality(Modality.SWEDISH)
                .setStart(DAY.atTime(LocalTime.of(10, 0))
                        .atZone(ZoneId.of("Europe/Berlin"))
                        .toInstant())
                .setDurationMinutes(60)
                .setTimezone("Europe/Berlin")
                .setStatus(SessionStatus.COMPLETED)
                .build();
    }

    /** A real single-object MassageSession whose first string, clinicId, claims 2^30 bytes; three follow. */
    private static byte[] hugeStringClaim() {
        byte[] good = Codecs.massageSession().encode(session("c/x", "s"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(good, 0, 10); // the single-object header: marker and schema fingerprint
        long zigzag = (1L << 30) << 1;
        while ((zigzag & ~0x7FL) != 0) {
            bytes.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        bytes.write((int) zigzag);
        bytes.writeBytes(new byte[] {'a', 'b', 'c'});
        return bytes.toByteArray();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }
}
