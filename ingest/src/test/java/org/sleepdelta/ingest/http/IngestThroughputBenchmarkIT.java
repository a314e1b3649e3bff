package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.kafka.CanonicalRecords;
import org.sleepdelta.schemas.kafka.ProducerDefaults;

/**
 * Throughput of the HTTP ingest (batches of 500 over real HTTP, JSON parsing, validation, one transaction per batch)
 * beside a raw idempotent KafkaProducer and a raw transactional one (500 records per transaction) writing the same
 * records to the same broker, in the same run. A measurement, not a test: it asserts only that everything was
 * accepted. Excluded from the default build; run it with
 *
 * <pre>
 * mvn -B -o -pl ingest verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=IngestThroughputBenchmarkIT -Dexcluded.test.groups=none
 * </pre>
 *
 * The numbers are printed and written to {@code ingest/target/ingest-benchmark.txt}.
 */
@Tag("benchmark")
class IngestThroughputBenchmarkIT {
    private static final int BATCH = 500;
    private static final int BATCHES = 200;
    private static final int WARM_UP_BATCHES = 20;
    private static final int CLIENTS = 4;
    private static final int MEASURED_ROUNDS = 3;
    private static final String RAW = "raw KafkaProducer (idempotent, acks=all, lz4)";

    @Test
    void httpIngestBesideRawProducers() throws Exception {
        List<List<ObjectNode>> batches = batches(WARM_UP_BATCHES + BATCHES);
        List<byte[]> bodies = batches.stream()
                .map(b -> CanonicalJson.line(Canonical.array(b)).getBytes(StandardCharsets.UTF_8))
                .toList();
        List<List<SleepRecord>> records = batches.stream()
                .map(b -> b.stream()
                        .map(n -> CanonicalJson.sleepRecord(n).value())
                        .toList())
                .toList();
        List<String> report = new ArrayList<>();
        report.add(String.format(
                Locale.ROOT,
                "%d records in batches of %d (after %d warm-up batches), broker: %s",
                BATCHES * BATCH,
                BATCH,
                WARM_UP_BATCHES,
                KafkaTestBroker.bootstrapServers()));

        // Every path in every round, so that drift (JIT, broker caches, GC) hits them alike. The first round warms
        // up and is not counted; the median of the others is quoted, with their range.
        Map<String, List<Double>> results = new LinkedHashMap<>();
        try (RunningIngest ingest = RunningIngest.builder()
                .setting("max-concurrent-batches", Integer.toString(CLIENTS))
                // all clients post with one clinic's key: this measures throughput, not fairness between clinics
                .setting("max-batches-per-clinic", Integer.toString(CLIENTS))
                .start()) {
            for (int round = 0; round <= MEASURED_ROUNDS; round++) {
                Map<String, Double> r = new LinkedHashMap<>();
                r.put(RAW, rawProducer(records, false));
                r.put("raw transactional KafkaProducer, 500/txn", rawProducer(records, true));
                r.put("HTTP ingest, 1 client", http(ingest, bodies, 1));
                r.put("HTTP ingest, " + CLIENTS + " concurrent clients", http(ingest, bodies, CLIENTS));
                if (round > 0) {
                    r.forEach((what, value) -> results.computeIfAbsent(what, k -> new ArrayList<>())
                            .add(value));
                }
            }
        }
        double raw = median(results.get(RAW));
        report.add(
                String.format(Locale.ROOT, "median of %d rounds after one warm-up round [min - max]", MEASURED_ROUNDS));
        results.forEach((what, values) -> report.add(String.format(
                Locale.ROOT,
                "  %-46s %8.0f records/s  [%6.0f - %6.0f]  %.2f x raw producer",
                what,
                median(values),
                Collections.min(values),
                Collections.max(values),
                median(values) / raw)));
        String text = String.join(System.lineSeparator(), report);
        System.out.println(text);
        Files.writeString(Path.of("target", "ingest-benchmark.txt"), text + System.lineSeparator());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Records per second over HTTP, with {@code clients} clients each posting its share of the batches. */
    private static double http(RunningIngest ingest, List<byte[]> bodies, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().build();
        URI uri = URI.create("http://127.0.0.1:" + ingest.service.port() + "/v1/sleep-records");
        for (byte[] body : bodies.subList(0, WARM_UP_BATCHES)) {
            assertThat(post(http, uri, ingest.key, body)).isEqualTo(202);
        }
        List<byte[]> measured = bodies.subList(WARM_UP_BATCHES, bodies.size());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < measured.size(); i = next.getAndIncrement()) {
                    assertThat(post(http, uri, ingest.key, measured.get(i))).isEqualTo(202);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return measured.size() * (double) BATCH / seconds;
    }

    private static int post(HttpClient http, URI uri, String key, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Records per second of a producer on a topic like the ingest's (3 partitions), the same records encoded alike. */
    private static double rawProducer(List<List<SleepRecord>> batches, boolean transactional) {
        String topic = KafkaTestBroker.uniqueName("benchmark-raw");
        RunningIngest.createTopics(KafkaTestBroker.bootstrapServers(), topic);
        CanonicalRecords layout = new CanonicalRecords(topic, topic);
        Map<String, Object> config = ProducerDefaults.reliable(KafkaTestBroker.bootstrapServers(), "benchmark-raw");
        if (transactional) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaTestBroker.uniqueName("benchmark-raw"));
        }
        try (Producer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            if (transactional) {
                producer.initTransactions();
            }
            send(producer, layout, batches.subList(0, WARM_UP_BATCHES), transactional);
            long started = System.nanoTime();
            send(producer, layout, batches.subList(WARM_UP_BATCHES, batches.size()), transactional);
            double seconds = (System.nanoTime() - started) / 1e9;
            return BATCHES * (double) BATCH / seconds;
        }
    }

    private static void send(
            Producer<String, byte[]> producer,
            CanonicalRecords layout,
            List<List<SleepRecord>> batches,
            boolean transactional) {
        for (List<SleepRecord> batch : batches) {
            if (transactional) {
                producer.beginTransaction();
            }
            long now = System.currentTimeMillis();
            batch.forEach(r -> producer.send(layout.producerRecord(CanonicalRecord.of(r), now, null)));
            if (transactional) {
                producer.commitTransaction();
            }
        }
        producer.flush();
    }

    private static List<List<ObjectNode>> batches(int count) {
        List<List<ObjectNode>> batches = new ArrayList<>();
        int n = 0;
        for (int b = 0; b < count; b++) {
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++, n++) {
                ObjectNode night = Canonical.sleep("bench-" + (n % 2000), "r" + n, 1 + n % 30);
                night.put("mainSleep", true)
                        .put("timeInBedMinutes", 470)
                        .put("sleepLatencyMinutes", 12)
                        .put("wasoMinutes", 31)
                        .put("awakenings", 3)
                        .put("deepMinutes", 80)
                        .put("remMinutes", 95)
                        .put("lightMinutes", 245)
                        .put("restingHeartRateBpm", 56)
                        .put("hrvRmssdMs", 44);
                batch.add(night);
            }
            batches.add(batch);
        }
        return batches;
    }
}
