package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStage;

/** {@code erase} and {@code erasure-status} end to end on a real broker, with the pipeline's own topics. */
class EraseCommandIT {
    private static final Pattern ERASURE_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private String bootstrap;
    private String clinic;
    private Path config;

    @BeforeEach
    void topics(@TempDir Path dir) throws Exception {
        bootstrap = KafkaTestBroker.bootstrapServers();
        TopicSetup.ensure(KafkaTestBroker.admin(), 3, (short) 1);
        clinic = KafkaTestBroker.uniqueName("clinic");
        config = Files.writeString(dir.resolve("sleepdelta.properties"), "bootstrap-servers=" + bootstrap + "\n");
    }

    @Test
    void eraseDestroysTheKeysAndTheStatusFollowsTheStagesUntilComplete() throws Exception {
        // given two keys of the client and one of another client of the clinic
        produce(Topics.CLIENT_KEYS, clinic + "/c1/k1", "key one");
        produce(Topics.CLIENT_KEYS, clinic + "/c1/k2", "key two");
        produce(Topics.CLIENT_KEYS, clinic + "/c11/k1", "another client's key");

        // when
        CliRun erase = CliRun.of("erase", "--clinic", clinic, "--client", "c1", "--config", config.toString());

        // then the request, the tombstones and the audit trail's first events are there
        assertThat(erase.exitCode()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("2 data keys destroyed");
        String erasureId = erasureId(erase.out());
        ErasureRequest request = readCommitted(Topics.CLIENT_ERASURES).stream()
                .filter(r -> r.key().equals(clinic + "/c1"))
                .map(r -> ErasureRequest.decode(r.value()))
                .filter(r -> r.erasureId().equals(erasureId))
                .findFirst()
                .orElseThrow();
        assertThat(request.action()).isEqualTo(ErasureAction.ERASE);
        assertThat(request.requestedBy()).isEqualTo("cli:" + System.getProperty("user.name"));
        assertThat(readCommitted(Topics.CLIENT_KEYS))
                .filteredOn(r -> r.key().startsWith(clinic + "/") && r.value() == null)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(clinic + "/c1/k1", clinic + "/c1/k2");

        // and the status is in progress, for this clinic only
        CliRun inProgress = CliRun.of("erasure-status", erasureId, "--config", config.toString());
        assertThat(inProgress.exitCode()).as(inProgress.err()).isEqualTo(3);
        assertThat(inProgress.out())
                .contains("IN_PROGRESS: 2 of 4 stages (waiting for STREAMS_STATE_ERASED, SINK_ROWS_DELETED)")
                .contains("KEYS_DESTROYED")
                .doesNotContain("c1/");
        CliRun otherClinic =
                CliRun.of("erasure-status", erasureId, "--clinic", clinic + "-other", "--config", config.toString());
        assertThat(otherClinic.exitCode()).isEqualTo(4);

        // when the other stages report
        produce(
                Topics.ERASURE_AUDIT,
                erasureId,
                ErasureEvent.of(request, ErasureStage.STREAMS_STATE_ERASED, Instant.now(), "streams", "1 entries"));
        produce(
                Topics.ERASURE_AUDIT,
                erasureId,
                ErasureEvent.of(request, ErasureStage.SINK_ROWS_DELETED, Instant.now(), "sink", "2 rows"));

        // then waiting for it ends at once, complete
        CliRun complete =
                CliRun.of("erasure-status", erasureId, "--clinic", clinic, "--wait=30s", "--config", config.toString());
        assertThat(complete.exitCode()).as(complete.err()).isZero();
        assertThat(complete.out()).contains("COMPLETE: 4 of 4 stages");
    }

    @Test
    void waitingForAStageNobodyReportsEndsWithItsOwnExitCode() {
        // when no streams application runs to report its stage
        CliRun run = CliRun.of(
                "erase",
                "--clinic",
                clinic,
                "--client",
                "c2",
                "--reregister",
                "--wait=2s",
                "--config",
                config.toString());

        // then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out())
                .contains("Re-registration")
                .contains("IN_PROGRESS: 1 of 2 stages (waiting for STREAMS_STATE_ERASED)");
        assertThat(run.err()).contains("Not complete after 2 s");
    }

    @Test
    void anInvalidClientIdIsRefusedNamingTheField() {
        CliRun run = CliRun.of("erase", "--clinic", clinic, "--client", "no spaces", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("clientId must match");
    }

    private static String erasureId(String out) {
        Matcher matcher = ERASURE_ID.matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return matcher.group();
    }

    private void produce(String topic, String key, String value) throws Exception {
        produce(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private void produce(String topic, String key, ErasureEvent event) throws Exception {
        produce(topic, key, event.encode());
    }

    private void produce(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
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
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            return records;
        }
    }
}
