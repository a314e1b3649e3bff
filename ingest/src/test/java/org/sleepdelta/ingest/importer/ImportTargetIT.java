package org.sleepdelta.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.TestDecryption;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.kafka.CanonicalProducer;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * The importers' target against a real broker and the pipeline's own topics: a record older than the retention goes
 * to the rejection topic as TOO_LATE, as the HTTP API sends it, and not to an input topic.
 */
class ImportTargetIT {

    @Test
    void recordsOlderThanTheRetentionGoToTheRejectionTopicAsTooLateKeyedAndLocatedWithTheirCanonicalJson() {
        // given the pipeline's topics, a clinic of this test only, and the default retention on the wall clock
        String bootstrap = KafkaTestBroker.bootstrapServers();
        try (Admin admin = KafkaTestBroker.admin()) {
            TopicSetup.ensure(admin, 3, (short) 1);
        }
        String clinic = KafkaTestBroker.uniqueName("clinic");
        RetentionWindow retention = new RetentionWindow(Clock.systemUTC(), 60, Duration.ofDays(1));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        MassageSession recent = session(clinic, "s1", now.minus(2, ChronoUnit.DAYS));
        MassageSession old = session(clinic, "s2", now.minus(200, ChronoUnit.DAYS));
        SleepRecord oldNight = SleepRecord.newBuilder()
                .setClinicId(clinic)
                .setClientId("c2")
                .setSource(SleepSource.OURA)
                .setSourceRecordId("oura:7")
                .setSleepStart(now.minus(300, ChronoUnit.DAYS))
                .setSleepEnd(now.minus(300, ChronoUnit.DAYS).plus(8, ChronoUnit.HOURS))
                .setTimezone("UTC")
                .setTotalSleepMinutes(400.0)
                .build();
        StringWriter problems = new StringWriter();

        // when a sessions file and a vendor payload are imported
        try (CanonicalProducer producer =
                new CanonicalProducer(bootstrap, KafkaClientProperties.none(), TestMasterKeys.KEYS)) {
            ImportTarget target = ImportTarget.kafka(producer, new PrintWriter(problems), retention);
            RecordSink file = target.forFile(Path.of("/exports/bookings.csv"));
            file.record(2, CanonicalRecord.of(recent));
            file.record(3, CanonicalRecord.of(old));
            target.forPayload(Path.of("/exports/oura.json")).record("data[7]", oldNight);
            target.close();
            assertThat(target.summary().acceptedCount()).isEqualTo(1);
            assertThat(target.summary().rejectedCount()).isEqualTo(2);
        }

        // then
        assertThat(problems.toString()).contains("bookings.csv:3: start: is on ", "oura.json: data[7].sleepStart: ");
        TestDecryption decryption = new TestDecryption(bootstrap, Topics.CLIENT_KEYS);
        assertThat(readAll(bootstrap, Topics.MASSAGE_SESSIONS, clinic))
                .extracting(r -> Codecs.massageSession()
                        .decode(decryption.open(r.key(), r.value()))
                        .getSessionId())
                .containsExactly("s1");
        List<ConsumerRecord<String, byte[]>> rejected = readAll(bootstrap, Topics.REJECTIONS, clinic);
        assertThat(rejected).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(clinic + "/c1", clinic + "/c2");
        Rejection session = decode(decryption, rejected, clinic + "/c1");
        assertThat(session.getReason()).isEqualTo(RejectionReason.TOO_LATE);
        assertThat(session.getSourceFile()).isEqualTo("bookings.csv");
        assertThat(session.getSourceLine()).isEqualTo(3L);
        assertThat(session.getField()).isEqualTo("start");
        assertThat(session.getDetail()).startsWith("start: is on ").contains("older than the retention of 60 days");
        assertThat(session.getRecordKey()).isEqualTo(clinic + "/c1");
        assertThat(payload(session)).isEqualTo(CanonicalJson.line(CanonicalJson.toJson(old)));
        Rejection night = decode(decryption, rejected, clinic + "/c2");
        assertThat(night.getReason()).isEqualTo(RejectionReason.TOO_LATE);
        assertThat(night.getSourceFile()).isEqualTo("oura.json");
        assertThat(night.getSourceLine()).isNull();
        assertThat(night.getField()).isEqualTo("data[7].sleepStart");
        assertThat(payload(night)).isEqualTo(CanonicalJson.line(CanonicalJson.toJson(oldNight)));
        decryption.close();
    }

    private static MassageSession session(String clinic, String id, Instant start) {
        return MassageSession.newBuilder()
                .setClinicId(clinic)
                .setClientId("c1")
                .setSessionId(id)
                .setModality(Modality.THAI)
                .setStart(start)
                .setDurationMinutes(60)
                .setTimezone("UTC")
                .setStatus(SessionStatus.COMPLETED)
                .build();
    }

    private static Rejection decode(
            TestDecryption decryption, List<ConsumerRecord<String, byte[]>> records, String key) {
        return decryption.rejection(
                key,
                records.stream()
                        .filter(r -> key.equals(r.key()))
                        .findFirst()
                        .orElseThrow()
                        .value());
    }

    private static String payload(Rejection rejection) {
        return StandardCharsets.UTF_8.decode(rejection.getPayload().duplicate()).toString();
    }

    /** Every record of the topic keyed for the clinic, from the beginning to the end as it is now. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, String clinic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Awaitility.await("reading " + topic + " to its end")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                            if (r.key() != null && r.key().startsWith(clinic + "/")) {
                                records.add(r);
                            }
                        });
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            return records;
        }
    }
}
