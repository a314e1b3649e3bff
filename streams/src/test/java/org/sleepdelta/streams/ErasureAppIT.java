package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.streams.app.CommittedRecords;
import org.sleepdelta.streams.app.SharedInputs;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;

/**
 * Erasure on a real broker with the real application (exactly-once, RocksDB): after the audit event, every changelog
 * topic ends every key of the erased client with a tombstone, so a restore cannot bring the client back, and the
 * output topics end each of its keys with one too; the other client's keys still end with values.
 */
class ErasureAppIT {
    private static final int PARTITIONS = 4;
    private static final String ERASED = "client-x";
    private static final String KEPT = "client-y";
    private static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 3, 1);

    private static final List<String> STORES = StoreNames.ALL;

    @Test
    void afterAnErasureEveryChangelogEndsEveryKeyOfTheClientWithATombstone(@TempDir Path stateDir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("erasure-it");
        ClientKey erased = new ClientKey(clinic, ERASED);
        String applicationId = KafkaTestBroker.uniqueName("sleepdelta-erasure-it");
        ErasureRequest request =
                new ErasureRequest(UUID.randomUUID().toString(), erased, ErasureAction.ERASE, Instant.now(), "cli:it");
        SharedInputs.skipEarlierTestsRecords(admin, applicationId);

        try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
                SleepChangeApp app =
                        SleepChangeApp.start(settings(bootstrap, applicationId, stateDir), Duration.ofMinutes(2))) {
            for (String client : List.of(ERASED, KEPT)) {
                for (int i = 0; i < 21; i++) {
                    send(
                            producer,
                            TestData.night(FIRST_NIGHT.plusDays(i), 400 + 3 * i)
                                    .setClinicId(clinic)
                                    .setClientId(client)
                                    .build());
                }
                send(
                        producer,
                        TestData.session("s1", FIRST_NIGHT.plusDays(14), LocalTime.of(10, 0))
                                .setClinicId(clinic)
                                .setClientId(client)
                                .build());
            }
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> lastByKey(bootstrap, Topics.SLEEP_CHANGE_METRICS, clinic + "/")
                                    .size()
                            == 6);
            producer.send(new ProducerRecord<>(Topics.CLIENT_ERASURES, request.key(), request.encode()))
                    .get();

            List<ErasureEvent> audit = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                audit.clear();
                CommittedRecords.readAll(bootstrap, Topics.ERASURE_AUDIT, 1).stream()
                        .filter(r -> r.key().equals(request.erasureId()))
                        .forEach(r -> audit.add(ErasureEvent.decode(r.value())));
                return !audit.isEmpty();
            });
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).detail()).endsWith(" tombstones").doesNotStartWith("0 ");
        }

        String erasedPrefix = erased + "/";
        for (String store : STORES) {
            String changelog = applicationId + "-" + store + "-changelog";
            Map<String, byte[]> last = lastByKey(bootstrap, changelog, "");
            Map<String, byte[]> ofErased = new TreeMap<>();
            last.forEach((key, value) -> {
                if (key.equals(erased.toString()) || key.startsWith(erasedPrefix)) {
                    ofErased.put(key, value);
                }
            });
            if (!store.equals(StoreNames.WATERMARK) && !store.equals(StoreNames.ERASED_CLIENTS)) {
                assertThat(ofErased).as(changelog).isNotEmpty();
                assertThat(last.keySet())
                        .as(changelog + " still holds the other client")
                        .anyMatch(k -> k.startsWith(clinic + "/" + KEPT));
            }
            ofErased.forEach(
                    (key, value) -> assertThat(value).as(changelog + " " + key).isNull());
            assertThat(last.values())
                    .as(changelog + " never holds the erased client's id in a value")
                    .noneMatch(v -> v != null && new String(v, StandardCharsets.ISO_8859_1).contains(ERASED));
            Config config = admin.describeConfigs(Set.of(new ConfigResource(ConfigResource.Type.TOPIC, changelog)))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next();
            assertThat(config.get("segment.ms").value()).as(changelog).isEqualTo("43200000");
            assertThat(config.get("max.compaction.lag.ms").value())
                    .as(changelog)
                    .isEqualTo("43200000");
            assertThat(config.get("delete.retention.ms").value()).as(changelog).isEqualTo("86400000");
            assertThat(config.get("message.timestamp.type").value())
                    .as(changelog)
                    .isEqualTo("LogAppendTime");
        }
        for (String topic : List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP)) {
            Map<String, byte[]> last = lastByKey(bootstrap, topic, clinic + "/");
            assertThat(last.keySet()).as(topic).anyMatch(k -> k.startsWith(erasedPrefix));
            last.forEach((key, value) -> {
                if (key.startsWith(erasedPrefix)) {
                    assertThat(value).as(topic + " " + key).isNull();
                } else {
                    assertThat(value).as(topic + " " + key).isNotNull();
                }
            });
        }
    }

    /**
     * With a bound of 4 s the changelogs roll segments every 2 s and force compaction 2 s after, so once a later write
     * rolls the segment holding the tombstones, the broker's cleaner (which pauses 15 s between runs) removes every
     * earlier value of the erased client. A pacer client on the same partition keeps writing to every store.
     */
    @Test
    void theErasedClientsValuesAreCompactedOutOfEveryChangelogWithinTheBound(@TempDir Path stateDir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("erasure-compaction-it");
        ClientKey erased = new ClientKey(clinic, ERASED);
        String pacer = clientOnTheSamePartition(clinic, erased);
        String applicationId = KafkaTestBroker.uniqueName("sleepdelta-erasure-compaction-it");
        TopologySettings topology =
                TopologySettings.defaults().keepingEverything().withChangelogCompactionBound(Duration.ofSeconds(4));
        List<String> clientStores = STORES.stream()
                .filter(s -> !s.equals(StoreNames.WATERMARK) && !s.equals(StoreNames.ERASED_CLIENTS))
                .toList();
        SharedInputs.skipEarlierTestsRecords(admin, applicationId);

        try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
                SleepChangeApp app = SleepChangeApp.start(
                        settings(bootstrap, applicationId, stateDir, topology), Duration.ofMinutes(2))) {
            for (int i = 0; i < 10; i++) {
                send(
                        producer,
                        TestData.night(FIRST_NIGHT.plusDays(i), 400)
                                .setClinicId(clinic)
                                .setClientId(ERASED)
                                .build());
            }
            send(
                    producer,
                    TestData.session("s1", FIRST_NIGHT.plusDays(7), LocalTime.of(10, 0))
                            .setClinicId(clinic)
                            .setClientId(ERASED)
                            .build());
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> clientStores.stream()
                            .allMatch(store -> !valuesOf(bootstrap, applicationId, store, erased)
                                    .isEmpty()));
            ErasureRequest request = new ErasureRequest(
                    UUID.randomUUID().toString(), erased, ErasureAction.ERASE, Instant.now(), "cli:it");
            producer.send(new ProducerRecord<>(Topics.CLIENT_ERASURES, request.key(), request.encode()))
                    .get();

            int[] day = {0};
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        // later writes to the partition, to every store: what rolls the segment that holds the
                        // tombstones
                        LocalDate night = FIRST_NIGHT.plusDays(day[0]++);
                        send(
                                producer,
                                TestData.night(night, 400)
                                        .setClinicId(clinic)
                                        .setClientId(pacer)
                                        .build());
                        send(
                                producer,
                                TestData.session("p" + day[0], night, LocalTime.of(10, 0))
                                        .setClinicId(clinic)
                                        .setClientId(pacer)
                                        .build());
                        return clientStores.stream()
                                .allMatch(store -> valuesOf(bootstrap, applicationId, store, erased)
                                        .isEmpty());
                    });
        }
    }

    /** A client id whose key hashes to the erased client's partition, as the default partitioner places it. */
    private static String clientOnTheSamePartition(String clinic, ClientKey erased) {
        int partition = partitionOf(erased.toString());
        for (int i = 0; ; i++) {
            String candidate = KEPT + "-" + i;
            if (partitionOf(clinic + "/" + candidate) == partition) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** Every non-null value the store's changelog still holds under a key of the client, old revisions included. */
    private static List<byte[]> valuesOf(String bootstrap, String applicationId, String store, ClientKey client) {
        List<byte[]> values = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r :
                CommittedRecords.readAll(bootstrap, applicationId + "-" + store + "-changelog", PARTITIONS)) {
            if (r.value() != null
                    && (r.key().equals(client.toString()) || r.key().startsWith(client + "/"))) {
                values.add(r.value());
            }
        }
        return values;
    }

    private static StreamsAppSettings settings(String bootstrap, String applicationId, Path stateDir) {
        return settings(
                bootstrap, applicationId, stateDir, TopologySettings.defaults().keepingEverything());
    }

    private static StreamsAppSettings settings(
            String bootstrap, String applicationId, Path stateDir, TopologySettings topology) {
        return new StreamsAppSettings(
                bootstrap,
                applicationId,
                stateDir,
                StreamsConfig.EXACTLY_ONCE_V2,
                1,
                Duration.ofMillis(100),
                topology,
                Map.of());
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Object record) throws Exception {
        if (record instanceof SleepRecord r) {
            producer.send(new ProducerRecord<>(
                            Topics.SLEEP_RECORDS,
                            r.getClinicId() + "/" + r.getClientId(),
                            Codecs.sleepRecord().encode(r)))
                    .get();
        } else {
            MassageSession s = (MassageSession) record;
            producer.send(new ProducerRecord<>(
                            Topics.MASSAGE_SESSIONS,
                            s.getClinicId() + "/" + s.getClientId(),
                            Codecs.massageSession().encode(s)))
                    .get();
        }
    }

    /** The last value of every key starting with {@code prefix} (null for a tombstone), in a compacted view. */
    private static Map<String, byte[]> lastByKey(String bootstrap, String topic, String prefix) {
        Map<String, byte[]> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : CommittedRecords.readAll(bootstrap, topic, PARTITIONS)) {
            if (r.key() != null && r.key().startsWith(prefix)) {
                last.put(r.key(), r.value());
            }
        }
        return last;
    }
}
