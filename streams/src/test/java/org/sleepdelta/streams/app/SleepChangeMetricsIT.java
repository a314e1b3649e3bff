package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
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
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.sleepdelta.platform.testing.PrometheusText;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.streams.TopologySettings;

/**
 * The running application's {@code /metrics} and {@code /health/ready} over real HTTP, on a real broker. The input
 * topics are shared with other tests, so the counters are compared before and after this test's own records, once the
 * application has caught up with whatever was there.
 */
class SleepChangeMetricsIT {
    private static final int PARTITIONS = 4;
    private static final LocalDate N0 = LocalDate.of(2026, 3, 16);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theRunningAppServesItsCountersKafkaStreamsMetricsAndReadiness(@TempDir Path stateDir) throws Exception {
        // given
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        String applicationId = KafkaTestBroker.uniqueName("sleepdelta-metrics-it");
        String clinic = KafkaTestBroker.uniqueName("metrics-clinic");
        StreamsAppSettings settings = new StreamsAppSettings(
                        bootstrap,
                        applicationId,
                        stateDir,
                        StreamsConfig.EXACTLY_ONCE_V2,
                        1,
                        Duration.ofMillis(100),
                        TopologySettings.defaults().keepingEverything(),
                        Map.of(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-instance-a"),
                        new OpsAddress("127.0.0.1", 0))
                .withRocksDbMemory(StreamsAppSettings.SUGGESTED_ROCKSDB_MEMORY_BYTES);

        SharedInputs.skipEarlierTestsRecords(admin, applicationId);
        try (SleepChangeApp app = SleepChangeApp.start(settings, Duration.ofMinutes(2));
                KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            int port = app.metricsPort();
            AppInputs.awaitProcessed(admin, applicationId, PARTITIONS);
            PrometheusText before = scrape(port);

            // when: a session, 15 nights around it, and one record for each of three rejection reasons
            send(
                    producer,
                    Topics.MASSAGE_SESSIONS,
                    clinic + "/c1",
                    Codecs.massageSession().encode(session(clinic)));
            for (int day = -14; day <= 0; day++) {
                send(
                        producer,
                        Topics.SLEEP_RECORDS,
                        clinic + "/c1",
                        Codecs.sleepRecord().encode(night(clinic, N0.plusDays(day))));
            }
            send(producer, Topics.SLEEP_RECORDS, clinic + "/c1", "not avro".getBytes(StandardCharsets.UTF_8));
            send(
                    producer,
                    Topics.SLEEP_RECORDS,
                    clinic + "/c2",
                    Codecs.sleepRecord().encode(night(clinic, N0)));
            send(
                    producer,
                    Topics.SLEEP_RECORDS,
                    clinic + "/c1",
                    Codecs.sleepRecord()
                            .encode(night(clinic, LocalDate.now(ZoneOffset.UTC).plusDays(30))));
            producer.flush();

            // then
            await("all 19 records counted")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            delta(before, scrape(port), "sleepdelta_streams_records_processed_total", "kind", "sleep")
                                            == 18
                                    && delta(
                                                    before,
                                                    scrape(port),
                                                    "sleepdelta_streams_records_processed_total",
                                                    "kind",
                                                    "session")
                                            == 1);
            List<ConsumerRecord<String, byte[]>> dashboard = new ArrayList<>();
            await("the dashboard records committed")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        dashboard.clear();
                        dashboard.addAll(readCommitted(bootstrap, Topics.SLEEP_CHANGE_METRICS, clinic + "/"));
                        assertThat(delta(before, scrape(port), "sleepdelta_streams_metrics_emitted_total"))
                                .isEqualTo(dashboard.size());
                    });
            // Kafka metrics are bound every 15 s: once the per-partition lag of an input topic is there, so is every
            // task of this instance (tasks exist before their partitions are fetched)
            await("the per-partition consumer metrics bound")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> !scrape(port)
                                    .find("kafka_consumer_fetch_manager_records_lag_max", "topic", Topics.SLEEP_RECORDS)
                                    .stream()
                                    .filter(s -> s.labels().containsKey("partition"))
                                    .toList()
                                    .isEmpty());
            PrometheusText after = scrape(port);
            assertThat(after.value("sleepdelta_streams_running", "service", "streams"))
                    .isEqualTo(1.0);
            // the RocksDB stores hold something in their shared memory, within the bound set
            assertThat(after.value("sleepdelta_streams_rocksdb_memory_limit_bytes", "service", "streams"))
                    .isEqualTo((double) StreamsAppSettings.SUGGESTED_ROCKSDB_MEMORY_BYTES);
            assertThat(after.value("sleepdelta_streams_rocksdb_memory_used_bytes", "service", "streams"))
                    .isPositive()
                    .isLessThan((double) StreamsAppSettings.SUGGESTED_ROCKSDB_MEMORY_BYTES);
            assertThat(delta(before, after, "sleepdelta_streams_records_rejected_total", "reason", "UNDECODABLE"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sleepdelta_streams_records_rejected_total", "reason", "WRONG_KEY"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sleepdelta_streams_records_rejected_total", "reason", "IN_FUTURE"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sleepdelta_streams_records_rejected_total", "reason", "INVALID"))
                    .isZero();
            assertThat(delta(before, after, "sleepdelta_streams_records_rejected_total", "reason", "TOO_LATE"))
                    .isZero();
            for (String window : List.of("NIGHT_0", "WEEK_1", "COURSE_WEEKS_3_4")) {
                long written = dashboard.stream()
                        .filter(r -> r.key().endsWith("/" + window) && r.value() != null)
                        .count();
                assertThat(written).as(window).isPositive();
                assertThat(delta(
                                before,
                                after,
                                "sleepdelta_streams_metrics_emitted_total",
                                "window",
                                window,
                                "type",
                                "update"))
                        .as(window)
                        .isEqualTo(written);
            }
            assertThat(after.names())
                    .contains(
                            "kafka_stream_thread_process_rate",
                            "kafka_stream_thread_process_total",
                            "kafka_consumer_fetch_manager_records_consumed_total",
                            "kafka_producer_record_send_total",
                            "jvm_memory_used_bytes",
                            "process_uptime_seconds",
                            "kafka_stream_thread_process_latency_avg",
                            "kafka_stream_alive_stream_threads",
                            "kafka_producer_record_error_total");
            // per-task, per-processor-node and per-state-store series are not exported (TaskLevelMetricsFilter)
            assertThat(after.samples()).noneMatch(s -> s.labels().containsKey("task_id"));
            assertThat(after.names())
                    .noneMatch(n -> n.startsWith("kafka_stream_task_") || n.startsWith("kafka_stream_processor_node_"));
            // Kafka's own client.id tag (the name of a Kafka consumer or producer) becomes client_id on kafka_* meters
            assertThat(after.samples())
                    .allSatisfy(s -> assertThat(s.labels().keySet())
                            .as(s.name())
                            .doesNotContainAnyElementsOf(
                                    s.name().startsWith("kafka_")
                                            ? ServiceMetrics.FORBIDDEN_TAG_KEYS.stream()
                                                    .filter(k -> !k.equals("client_id"))
                                                    .toList()
                                            : ServiceMetrics.FORBIDDEN_TAG_KEYS));
            assertThat(after.samples())
                    .allSatisfy(s -> assertThat(s.labels().values())
                            .noneMatch(value -> value.contains(clinic) || value.equals("c1") || value.equals("c2")));
            // with a client-id, no thread or client label carries the UUID Kafka Streams would otherwise make up at
            // each
            // start, so a restart continues the same series (process_id, on a few client-level series, is kept in the
            // state directory and so is stable too)
            Pattern uuid = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(after.samples())
                    .allSatisfy(s -> assertThat(s.labels())
                            .as(s.name())
                            .allSatisfy((label, value) -> assertThat(label.equals("process_id")
                                            || !uuid.matcher(value).find())
                                    .as(label + "=" + value)
                                    .isTrue()));
            assertThat(after.find("kafka_stream_thread_process_rate"))
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.labels().get("thread_id"))
                            .startsWith(applicationId + "-instance-a-StreamThread-"));
            HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
        }
    }

    private static MassageSession session(String clinic) {
        return MassageSession.newBuilder()
                .setClinicId(clinic)
                .setClientId("c1")
                .setSessionId("s1")
                .setModality(Modality.SWEDISH)
                .setStart(N0.atTime(10, 0).toInstant(ZoneOffset.UTC))
                .setDurationMinutes(60)
                .setTimezone("UTC")
                .build();
    }

    private static SleepRecord night(String clinic, LocalDate night) {
        Instant start = night.atTime(23, 0).toInstant(ZoneOffset.UTC);
        return SleepRecord.newBuilder()
                .setClinicId(clinic)
                .setClientId("c1")
                .setSource(SleepSource.MANUAL)
                .setSourceRecordId("m-" + night)
                .setSleepStart(start)
                .setSleepEnd(start.plus(Duration.ofHours(8)))
                .setTimezone("UTC")
                .setTotalSleepMinutes(400.0 + night.getDayOfMonth())
                .setMainSleep(true)
                .build();
    }

    private static long delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return Math.round(sum(after, name, labels) - sum(before, name, labels));
    }

    private static double sum(PrometheusText scrape, String name, String... labels) {
        return scrape.find(name, labels).stream()
                .mapToDouble(PrometheusText.Sample::value)
                .sum();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ServiceMetrics.CONTENT_TYPE);
        return PrometheusText.parse(response.body());
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(
            String bootstrap, String topic, String keyPrefix) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(keyPrefix)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
