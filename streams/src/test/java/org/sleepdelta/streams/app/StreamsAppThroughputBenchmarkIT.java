package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.kafka.ProducerDefaults;
import org.sleepdelta.streams.InMemoryTopology;
import org.sleepdelta.streams.SimulatedArrivals;
import org.sleepdelta.streams.TopologySettings;

/**
 * The whole application on a real broker: the demo's simulated cohort (200 clients x 120 nights), pre-produced to
 * the input topics (6 partitions, as the demo), is processed by a {@link SleepChangeApp} with a fresh application id
 * and state directory, timed from RUNNING (so the rebalance and topic creation of startup are left out) until its
 * committed offsets reach the end of every input partition, which is how the demo decides "processed"
 * ({@code ProcessingWatch}). Beside it, the baseline: a plain read_committed consumer that reads and decodes the
 * same input with the same codecs. One more row runs the same app on in-memory stores (not a production mode) to
 * show what RocksDB costs end to end, and one with Kafka Streams' per-store RocksDB defaults instead of the bounded
 * shared memory ({@code rocksdb-memory}). A measurement, not a test: it asserts only that every path saw all the input.
 * Excluded from the default build; run it with
 *
 * <pre>
 * mvn -B -o -pl streams -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=StreamsAppThroughputBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false -Dexcluded.test.groups=none
 * </pre>
 *
 * The numbers are printed and written to {@code streams/target/streams-app-benchmark.txt}, with the CPU each
 * configuration used while it ran (stream threads, the whole test JVM, the broker's JVM), in cores: that tells
 * whether the stream threads are busy computing or waiting.
 */
@Tag("benchmark")
class StreamsAppThroughputBenchmarkIT {
    private static final int CLIENTS = 200;
    private static final int NIGHTS = 120;
    private static final int PARTITIONS = 6;
    private static final int MEASURED_ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    /** -Dbenchmark.only=TEXT runs only the rows whose name contains it (to profile one configuration). */
    private static final String ONLY = System.getProperty("benchmark.only", "");

    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static final Duration PROCESSING = Duration.ofMinutes(5);
    private static final String BASELINE = "baseline: read_committed consumer + decode";
    /** One pass of the baseline takes well under 0.1 s, too short to time alone; it reads the input this often. */
    private static final int BASELINE_PASSES = 10;

    private static final List<String> INPUTS = List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS);

    /**
     * One row of the table. {@code inMemory} swaps RocksDB for in-memory stores: a diagnosis, not a production mode;
     * {@code extra} is added to the streams configuration (e.g. Kafka Streams' own per-store RocksDB defaults instead
     * of the shared {@code rocksdb-memory}, or another compression), to compare them in one run.
     */
    private record Config(
            String name,
            String guarantee,
            Duration commitInterval,
            int threads,
            boolean inMemory,
            Map<String, Object> extra) {
        Config(String name, String guarantee, Duration commitInterval, int threads, boolean inMemory) {
            this(name, guarantee, commitInterval, threads, inMemory, Map.of());
        }
    }

    /** Kafka Streams' per-store RocksDB defaults (a 50 MB cache, 3 x 16 MB memtables each), as before the bound. */
    public static final class KafkaDefaultRocksDb implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {}

        @Override
        public void close(String storeName, Options options) {}
    }

    private static final List<Config> CONFIGS = List.of(
            new Config(
                    "exactly-once v2, commit 100 ms, 2 threads",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofMillis(100),
                    2,
                    false),
            new Config(
                    "exactly-once v2, commit 100 ms, 1 thread",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofMillis(100),
                    1,
                    false),
            new Config(
                    "exactly-once v2, commit 1 s, 2 threads",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofSeconds(1),
                    2,
                    false),
            new Config(
                    "at-least-once, commit 100 ms, 2 threads",
                    StreamsConfig.AT_LEAST_ONCE,
                    Duration.ofMillis(100),
                    2,
                    false),
            new Config(
                    "exactly-once v2, 100 ms, 2 thr, RocksDB unbounded",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofMillis(100),
                    2,
                    false,
                    Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, KafkaDefaultRocksDb.class)),
            new Config(
                    "exactly-once v2, 100 ms, 2 thr, in-memory stores",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofMillis(100),
                    2,
                    true),
            new Config(
                    "exactly-once v2, 100 ms, 1 thread, no compression",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofMillis(100),
                    1,
                    false,
                    Map.of("compression.type", "none")),
            new Config(
                    "exactly-once v2, 100 ms, 1 thread, zstd",
                    StreamsConfig.EXACTLY_ONCE_V2,
                    Duration.ofMillis(100),
                    1,
                    false,
                    Map.of("compression.type", "zstd")));

    /** What one timed pass took, and the CPU spent meanwhile (nanoseconds). */
    private record Sample(long records, long nanos, long streamThreadCpu, long jvmCpu, long brokerCpu) {
        double recordsPerSecond() {
            return records / (nanos / 1e9);
        }

        double cores(long cpu) {
            return (double) cpu / nanos;
        }
    }

    @Test
    void appBesideAPlainConsumer(@TempDir Path dir) throws Exception {
        List<SimulatedArrivals.Arrival> arrivals = SimulatedArrivals.cohort(CLIENTS, NIGHTS);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        long records = 0;
        try (Admin admin = KafkaTestBroker.admin()) {
            // Each round starts from fresh topics (the names are constants, so: deleted and created again), so the
            // broker holds the same data in every round and earlier rounds' outputs are gone. Every configuration
            // of a round reads the same input; the fresh application id gives each its own group and changelogs.
            // The first round warms up (JIT, page cache) and is not counted.
            for (int round = 0; round <= MEASURED_ROUNDS; round++) {
                recreateTopics(admin);
                records = produce(bootstrap, arrivals);
                Map<TopicPartition, Long> ends = endOffsets(bootstrap);
                assertThat(records).isEqualTo(arrivals.size());
                Map<String, Sample> roundSamples = new LinkedHashMap<>();
                roundSamples.put(BASELINE, consumeAll(bootstrap, ends, BASELINE_PASSES));
                for (Config config : CONFIGS) {
                    if (!config.name().contains(ONLY)) {
                        continue;
                    }
                    String applicationId = KafkaTestBroker.uniqueName("sleepdelta-bench");
                    roundSamples.put(
                            config.name(),
                            runApp(admin, bootstrap, applicationId, dir.resolve(applicationId), config, ends, records));
                    deleteInternalTopics(admin, applicationId);
                }
                if (round > 0) {
                    roundSamples.forEach((name, s) -> samples.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(s));
                }
            }
        }

        long n = records;
        double baseline = median(
                samples.get(BASELINE).stream().map(Sample::recordsPerSecond).toList());
        List<String> report = new ArrayList<>();
        report.add(String.format(
                Locale.ROOT,
                "%d input records (%d clients x %d nights, simulated), %d partitions, "
                        + "embedded broker, timed from RUNNING to committed = end offsets; median of %d rounds after one "
                        + "warm-up round [min - max]; the baseline reads the input %d times per round; CPU in cores while "
                        + "timed (mean): stream threads / test JVM / broker",
                n,
                CLIENTS,
                NIGHTS,
                PARTITIONS,
                MEASURED_ROUNDS,
                BASELINE_PASSES));
        samples.forEach((name, values) -> {
            List<Double> rates = values.stream().map(Sample::recordsPerSecond).toList();
            report.add(String.format(
                    Locale.ROOT,
                    "  %-50s %8.0f records/s  [%6.0f - %6.0f]  %.3f x baseline  CPU %.2f / %.2f / %.2f",
                    name,
                    median(rates),
                    Collections.min(rates),
                    Collections.max(rates),
                    median(rates) / baseline,
                    mean(values.stream().map(s -> s.cores(s.streamThreadCpu())).toList()),
                    mean(values.stream().map(s -> s.cores(s.jvmCpu())).toList()),
                    mean(values.stream().map(s -> s.cores(s.brokerCpu())).toList())));
        });
        String text = String.join(System.lineSeparator(), report);
        System.out.println(text);
        Files.writeString(Path.of("target", "streams-app-benchmark.txt"), text + System.lineSeparator());
    }

    private static Sample runApp(
            Admin admin,
            String bootstrap,
            String applicationId,
            Path stateDir,
            Config config,
            Map<TopicPartition, Long> ends,
            long records)
            throws Exception {
        Files.createDirectories(stateDir);
        StreamsAppSettings settings = new StreamsAppSettings(
                bootstrap,
                applicationId,
                stateDir,
                config.guarantee(),
                config.threads(),
                config.commitInterval(),
                TopologySettings.defaults(),
                config.extra(),
                null);
        try (Running app =
                config.inMemory() ? InMemoryApp.start(settings) : appOf(SleepChangeApp.start(settings, STARTUP))) {
            // Timed from RUNNING: with fresh state there is nothing to restore, so RUNNING is when processing starts.
            CpuClock cpu = CpuClock.start();
            long started = System.nanoTime();
            AtomicLong finished = new AtomicLong();
            await("committed offsets of " + applicationId + " at the input's end")
                    .atMost(PROCESSING)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> {
                        boolean done = committedToEnd(admin, applicationId, ends);
                        if (done) {
                            finished.set(System.nanoTime());
                        }
                        return done;
                    });
            assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            return cpu.stop(records, finished.get() - started);
        }
    }

    /** The two ways to run the app, so both are timed the same way. */
    private interface Running extends AutoCloseable {
        KafkaStreams.State state();

        @Override
        void close();
    }

    private static Running appOf(SleepChangeApp app) {
        return new Running() {
            @Override
            public KafkaStreams.State state() {
                return app.state();
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }

    /** The app's own properties around the topology on in-memory stores: what RocksDB costs, end to end. */
    private static final class InMemoryApp {
        static Running start(StreamsAppSettings settings) {
            KafkaStreams streams =
                    new KafkaStreams(InMemoryTopology.build(settings.topology()), SleepChangeApp.properties(settings));
            streams.start();
            try {
                await("in-memory app RUNNING")
                        .atMost(STARTUP)
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
            } catch (RuntimeException e) {
                streams.close(Duration.ofSeconds(30)); // its threads would otherwise outlive the failed round
                throw e;
            }
            return new Running() {
                @Override
                public KafkaStreams.State state() {
                    return streams.state();
                }

                @Override
                public void close() {
                    streams.close(Duration.ofSeconds(30));
                }
            };
        }
    }

    private static boolean committedToEnd(Admin admin, String groupId, Map<TopicPartition, Long> ends)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        return ends.entrySet().stream()
                .allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue()));
    }

    /** Reads and decodes every input record, as the app's source and decode steps do, without state or output. */
    private static Sample consumeAll(String bootstrap, Map<TopicPartition, Long> ends, int passes) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        IsolationLevel.READ_COMMITTED.toString(),
                        // At the end of a pass a fetch for the drained partitions is still parked on the broker (up to
                        // the
                        // default 500 ms), and the next pass cannot fetch until it returns: that would time the waits.
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        10),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            CpuClock cpu = CpuClock.start();
            long started = System.nanoTime();
            long decoded = 0;
            long deadline = started + PROCESSING.toNanos();
            for (int pass = 0; pass < passes; pass++) {
                consumer.seekToBeginning(ends.keySet());
                while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                    assertThat(System.nanoTime())
                            .as("baseline consumer finished in time")
                            .isLessThan(deadline);
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() != null) {
                            Object value = r.topic().equals(Topics.SLEEP_RECORDS)
                                    ? Codecs.sleepRecord().decode(r.value())
                                    : Codecs.massageSession().decode(r.value());
                            decoded += value == null ? 0 : 1; // uses the value, so the decode is not dead code
                        }
                    }
                }
            }
            long nanos = System.nanoTime() - started;
            assertThat(decoded).isPositive();
            long records =
                    passes * ends.values().stream().mapToLong(Long::longValue).sum();
            return cpu.stop(records, nanos);
        }
    }

    private static void recreateTopics(Admin admin) throws Exception {
        Set<String> names = Topics.layout(PARTITIONS, (short) 1).stream()
                .map(NewTopic::name)
                .collect(Collectors.toSet());
        Set<String> existing = admin.listTopics().names().get();
        admin.deleteTopics(existing.stream().filter(names::contains).toList())
                .all()
                .get();
        // Deletion is asynchronous on the broker: creating the same name again fails until it is gone.
        await("old pipeline topics deleted")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Collections.disjoint(admin.listTopics().names().get(), names));
        KafkaTestBroker.createTopics(Topics.layout(PARTITIONS, (short) 1).toArray(NewTopic[]::new));
    }

    /** An application's changelog and repartition topics, so that later configurations find a broker as loaded. */
    private static void deleteInternalTopics(Admin admin, String applicationId) throws Exception {
        List<String> internal = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-"))
                .toList();
        admin.deleteTopics(internal).all().get();
    }

    /** Writes the cohort as ingest's producers would (same settings, key, bytes, timestamp and headers). */
    private static long produce(String bootstrap, List<SimulatedArrivals.Arrival> arrivals) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerDefaults.reliable(bootstrap, "sleepdelta-bench-producer"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (SimulatedArrivals.Arrival arrival : arrivals) {
                var r = arrival.record();
                producer.send(new ProducerRecord<>(
                        arrival.sleep() ? Topics.SLEEP_RECORDS : Topics.MASSAGE_SESSIONS,
                        null,
                        r.timestamp(),
                        r.key(),
                        r.value(),
                        r.headers()));
            }
            producer.flush();
        }
        return arrivals.size();
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : INPUTS) {
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isPositive();
            return ends;
        }
    }

    /**
     * CPU time spent from {@link #start} to {@link #stop}: by Kafka Streams' stream threads (ThreadMXBean), by this
     * whole JVM, and by the broker (its own JVM, a child of this one; read from /proc, so Linux only, else 0).
     */
    private record CpuClock(Map<Long, Long> threads, long jvm, long broker) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        /** USER_HZ, the unit of /proc/pid/stat's times, is 100 on every mainstream Linux. */
        private static final long NANOS_PER_TICK = 10_000_000L;

        static CpuClock start() {
            return new CpuClock(streamThreadCpu(), OS.getProcessCpuTime(), brokerCpu());
        }

        Sample stop(long records, long nanos) {
            long jvmNow = OS.getProcessCpuTime();
            long brokerNow = brokerCpu();
            long threadsSpent = 0;
            for (Map.Entry<Long, Long> t : streamThreadCpu().entrySet()) {
                threadsSpent += t.getValue() - threads.getOrDefault(t.getKey(), 0L);
            }
            return new Sample(records, nanos, threadsSpent, jvmNow - jvm, brokerNow - broker);
        }

        private static Map<Long, Long> streamThreadCpu() {
            Map<Long, Long> cpu = new HashMap<>();
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info != null && info.getThreadName().contains("-StreamThread-")) {
                    long time = THREADS.getThreadCpuTime(info.getThreadId());
                    if (time >= 0) {
                        cpu.put(info.getThreadId(), time);
                    }
                }
            }
            return cpu;
        }

        private static long brokerCpu() {
            return ProcessHandle.current()
                    .descendants()
                    .mapToLong(p -> {
                        try {
                            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                            // Fields after the command name (which may hold spaces): state is the first, utime the
                            // 12th.
                            String[] fields =
                                    stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
                        } catch (IOException | RuntimeException e) {
                            return 0; // not Linux, or the process has just ended
                        }
                    })
                    .sum();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
