package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.streams.TopologyInputs;
import org.sleepdelta.streams.TopologySettings;

/**
 * The application on a real broker: several partitions, two threads, exactly-once, and a restart that loses the
 * local state (so it must be restored from changelogs) half-way through. The compacted result must still equal
 * the batch definition, and every key's revisions must rise strictly along the log: no duplicate or lost emission.
 * All RocksDB stores run within the smallest {@code rocksdb-memory} allowed (16 MB for 4 tasks × 9 stores), so their
 * memtables are flushed early and often, in processing and in the restore.
 */
class SleepChangeAppIT {
    private static final int PARTITIONS = 4;
    private static final long SMALLEST_ROCKSDB_MEMORY = 16L << 20;

    @Test
    void restartWithLostLocalStateStillEndsAtTheBatchDefinitionWithRisingRevisions(@TempDir Path dir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        TopologyInputs inputs = TopologyInputs.randomClients(31, 6);
        String applicationId = KafkaTestBroker.uniqueName("sleepdelta-it");
        int half = inputs.arrivals().size() / 2;

        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            send(producer, inputs.arrivals().subList(0, half));
            try (SleepChangeApp app =
                    SleepChangeApp.start(settings(bootstrap, applicationId, dir.resolve("a")), Duration.ofMinutes(2))) {
                awaitProcessed(admin, applicationId);
            }
            send(producer, inputs.arrivals().subList(half, inputs.arrivals().size()));
            // A different state dir: the instance comes back with nothing local and must restore from changelogs.
            try (SleepChangeApp app =
                    SleepChangeApp.start(settings(bootstrap, applicationId, dir.resolve("b")), Duration.ofMinutes(2))) {
                awaitProcessed(admin, applicationId);
            }
        }

        Map<String, SleepChangeMetric> state = new HashMap<>();
        Map<String, Long> lastRevision = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r :
                CommittedRecords.readAll(bootstrap, Topics.SLEEP_CHANGE_METRICS, PARTITIONS)) {
            if (!r.key().startsWith(inputs.clinicPrefix())) {
                continue; // other tests' clinics on the shared broker
            }
            if (r.value() == null) {
                state.remove(r.key());
                continue;
            }
            SleepChangeMetric metric = Codecs.sleepChangeMetric().decode(r.value());
            Long previous = lastRevision.put(r.key(), metric.getRevision());
            assertThat(metric.getRevision()).as(r.key()).isGreaterThan(previous == null ? 0 : previous);
            state.put(
                    r.key(), SleepChangeMetric.newBuilder(metric).setRevision(0).build());
        }
        assertThat(CommittedRecords.readAll(bootstrap, Topics.REJECTIONS, PARTITIONS))
                .filteredOn(r -> r.key().startsWith(inputs.clinicPrefix()))
                .extracting(r -> Codecs.rejection().decode(r.value()).toString())
                .isEmpty();
        Map<String, SleepChangeMetric> expected = new HashMap<>();
        BatchComputation.compute(inputs.sleepRecords(), inputs.sessions(), MetricSettings.defaults())
                .forEach((key, value) -> expected.put(key.toString(), value));
        assertThat(expected).isNotEmpty();
        assertThat(state.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> assertThat(state.get(key)).as(key).isEqualTo(value));
    }

    private static StreamsAppSettings settings(String bootstrap, String applicationId, Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        return new StreamsAppSettings(
                        bootstrap,
                        applicationId,
                        stateDir,
                        StreamsConfig.EXACTLY_ONCE_V2,
                        2,
                        Duration.ofMillis(100),
                        TopologySettings.defaults().keepingEverything(),
                        Map.of())
                .withRocksDbMemory(SMALLEST_ROCKSDB_MEMORY);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<Object> records) throws Exception {
        for (Object input : records) {
            if (input instanceof SleepRecord r) {
                producer.send(new ProducerRecord<>(
                        Topics.SLEEP_RECORDS,
                        r.getClinicId() + "/" + r.getClientId(),
                        Codecs.sleepRecord().encode(r)));
            } else {
                MassageSession s = (MassageSession) input;
                producer.send(new ProducerRecord<>(
                        Topics.MASSAGE_SESSIONS,
                        s.getClinicId() + "/" + s.getClientId(),
                        Codecs.massageSession().encode(s)));
            }
        }
        producer.flush();
    }

    /** Committed offsets (which under exactly-once commit with their outputs) reach the end of every input partition. */
    private static void awaitProcessed(Admin admin, String applicationId) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (String topic : List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS)) {
                        for (int p = 0; p < PARTITIONS; p++) {
                            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                        }
                    }
                    var ends = admin.listOffsets(latest).all().get();
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    return ends.entrySet().stream()
                            .allMatch(e -> e.getValue().offset() == 0
                                    || (committed.get(e.getKey()) != null
                                            && committed.get(e.getKey()).offset()
                                                    >= e.getValue().offset()));
                });
    }
}
