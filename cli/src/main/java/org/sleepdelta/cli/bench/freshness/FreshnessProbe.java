package org.sleepdelta.cli.bench.freshness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.sleepdelta.cli.run.PacedSender;
import org.sleepdelta.cli.run.ProcessingWatch;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.kafka.ProducerDefaults;
import org.sleepdelta.simulator.Clinic;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.SimulatedEvent;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;
import org.sleepdelta.streams.app.StreamsConfiguration;
import org.slf4j.LoggerFactory;

/**
 * Freshness: how soon a record accepted by the ingest API shows on the dashboard topic, at a steady rate.
 *
 * <p>In this JVM it starts the real streams application (its service defaults: exactly-once, RocksDB, a fresh
 * application id and state directory under the work directory) and the real ingest HTTP service, then has the
 * simulated clinics post a simulated cohort through the API at a paced rate ({@link PacedSender}). Each dashboard
 * record's latency is the time it became visible to a read_committed consumer minus the time ingest accepted the
 * input that caused it (its ingest-time header); only outputs of inputs accepted in the measured period count. The
 * machine's clocks are one: ingest, the pipeline and the reader all run here.
 *
 * <p>Precondition: the broker holds the pipeline's topics ({@code TopicSetup}), best freshly created and empty (the
 * application starts from the earliest offsets, so older input would be processed first).
 */
public final class FreshnessProbe {
    private static final long SEED = SimulationConfig.DEFAULT_SEED;
    /** Input records per client and night in the simulated cohort is about 1.24; this leaves a margin. */
    private static final double RECORDS_PER_CLIENT_NIGHT = 1.1;

    /** Nights posted before the paced run: the 14-night baseline and the post-session windows have data at once. */
    static final int HISTORY_NIGHTS = 21;
    /** The history goes in one request per clinic and record type, within ingest's max-batch-records. */
    private static final double PRELOAD_RECORDS_PER_SECOND = 5_000;

    private FreshnessProbe() {}

    public static FreshnessResult run(
            FreshnessOptions options, String bootstrapServers, Path workDir, PrintStream progress) throws Exception {
        return run(options, FreshnessTuning.defaults(), bootstrapServers, workDir, progress);
    }

    /** With settings changed from the services' defaults, to compare them. */
    public static FreshnessResult run(
            FreshnessOptions options,
            FreshnessTuning tuning,
            String bootstrapServers,
            Path workDir,
            PrintStream progress)
            throws Exception {
        Simulation simulation = simulate(options);
        progress.printf(
                "freshness: %,d clients x %d nights simulated (%,d records); posting %,.0f records/s for %d s + %d s%n",
                options.clients(),
                simulation.config().nights(),
                simulation.events().size(),
                options.recordsPerSecond(),
                options.warmUp().toSeconds(),
                options.measured().toSeconds());
        String runId = "sleepdelta-freshness-" + UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = Files.createDirectories(workDir.resolve(runId));
        String masterKeys = MasterKeys.generateEntry("freshness-1");
        Map<String, String> keyByClinic = new LinkedHashMap<>();
        List<String> keyLines = new java.util.ArrayList<>();
        String pepper = ApiKeyTool.newPepper();
        for (Clinic clinic : simulation.config().clinics()) {
            ApiKeyTool.NewApiKey key = ApiKeyTool.create(
                    ApiKeyPepper.of(pepper), clinic.id(), "freshness " + clinic.id(), EnumSet.of(Scope.WRITE), null);
            keyByClinic.put(clinic.id(), key.key());
            keyLines.add(key.keysFileLine());
        }
        Configuration streamsConfig = streamsConfig(tuning, bootstrapServers, runId, stateDir, masterKeys);
        StreamsAppSettings streams = withoutOps(StreamsConfiguration.appSettings(streamsConfig));
        Configuration ingestConfig =
                ingestConfig(tuning, bootstrapServers, runId, simulation, keyLines, pepper, masterKeys);
        Map<String, String> settings = settings(streams, ingestConfig, tuning, options, keyByClinic.size());
        // A request line each would flood the output and cost CPU the pipeline needs.
        Logger requestLog = (Logger) LoggerFactory.getLogger("org.sleepdelta.ingest.http.RequestLog");
        Level requestLogLevel = requestLog.getLevel();
        requestLog.setLevel(Level.WARN);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
                SleepChangeApp app = SleepChangeApp.start(streams, Duration.ofSeconds(90));
                IngestService ingest = new IngestService(ingestConfig)) {
            ingest.start();
            URI base = URI.create("http://127.0.0.1:" + ingest.port());
            List<SimulatedEvent> events = simulation.events();
            int history = historyEvents(simulation);
            // Fast, not measured: a session's change needs baseline nights before it and post nights after it.
            PacedSender.Outcome preloaded = new PacedSender(base, keyByClinic, Duration.ofSeconds(1))
                    .run(events.subList(0, history), PRELOAD_RECORDS_PER_SECOND, Duration.ofHours(1));
            awaitProcessed(admin, runId);
            progress.printf(
                    "freshness: %d nights of history (%,d records) posted and processed in %.1f s%n",
                    HISTORY_NIGHTS, preloaded.accepted(), preloaded.seconds());
            PacedSender.Outcome sent;
            long[] dashboard;
            long[] nightly;
            try (LatencyRecorder recorder =
                    new LatencyRecorder(bootstrapServers, List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP))) {
                sent = new PacedSender(base, keyByClinic, tuning.sendInterval())
                        .run(
                                events.subList(history, events.size()),
                                options.recordsPerSecond(),
                                options.warmUp().plus(options.measured()));
                progress.printf(
                        "freshness: %,d records accepted in %.1f s (%,.0f records/s, %d of %d sends late, %d answers"
                                + " 429 or 5xx, sent again); waiting for the pipeline%n",
                        sent.accepted(),
                        sent.seconds(),
                        sent.recordsPerSecond(),
                        sent.lateTicks(),
                        sent.ticks(),
                        sent.retriedAnswers());
                awaitProcessed(admin, runId);
                if (!recorder.awaitCaughtUp(admin, Duration.ofMinutes(1))) {
                    throw new IllegalStateException("the output topics were not read to their end within a minute");
                }
                long from = sent.startedAtMillis() + options.warmUp().toMillis();
                long to = from + options.measured().toMillis();
                dashboard = recorder.latencies(Topics.SLEEP_CHANGE_METRICS, from, to);
                nightly = recorder.latencies(Topics.NIGHTLY_SLEEP, from, to);
            }
            progress.printf(
                    "freshness: %s p50 %s ms, p99 %s ms, max %s ms (%,d records); %s p50 %s ms, p99 %s ms (%,d)%n",
                    Topics.SLEEP_CHANGE_METRICS,
                    percentile(dashboard, 0.50),
                    percentile(dashboard, 0.99),
                    percentile(dashboard, 1.0),
                    dashboard.length,
                    Topics.NIGHTLY_SLEEP,
                    percentile(nightly, 0.50),
                    percentile(nightly, 0.99),
                    nightly.length);
            return new FreshnessResult(
                    dashboard.length,
                    options.recordsPerSecond(),
                    sent.recordsPerSecond(),
                    percentile(dashboard, 0.50),
                    percentile(dashboard, 0.99),
                    percentile(dashboard, 1.0),
                    settings);
        } finally {
            requestLog.setLevel(requestLogLevel);
            deleteQuietly(stateDir);
        }
    }

    private static void awaitProcessed(Admin admin, String applicationId) throws InterruptedException {
        Duration timeout = Duration.ofMinutes(5);
        if (!ProcessingWatch.awaitProcessed(
                admin, applicationId, List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS), timeout, n -> {})) {
            throw new IllegalStateException("the streams application did not process the input within " + timeout);
        }
    }

    /** How many of the events (in arrival order) arrive before the end of the history posted ahead of the run. */
    static int historyEvents(Simulation simulation) {
        Instant end = simulation
                .config()
                .firstNight()
                .plusDays(HISTORY_NIGHTS)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        List<SimulatedEvent> events = simulation.events();
        int count = 0;
        while (count < events.size() && events.get(count).arrival().isBefore(end)) {
            count++;
        }
        return count;
    }

    /** Enough nights of history for the run (yesterday the last), in arrival order. */
    static Simulation simulate(FreshnessOptions options) {
        long needed = options.plannedRecords();
        int nights = HISTORY_NIGHTS + (int) Math.ceil(needed / (options.clients() * RECORDS_PER_CLIENT_NIGHT));
        LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        while (true) {
            Simulation simulation = CohortSimulator.simulate(SimulationConfig.builder(last)
                    .clients(options.clients())
                    .nights(Math.min(nights, SimulationConfig.MAX_NIGHTS))
                    .seed(SEED)
                    .build());
            if (simulation.events().size() - historyEvents(simulation) >= needed
                    || nights >= SimulationConfig.MAX_NIGHTS) {
                return simulation;
            }
            nights *= 2;
        }
    }

    private static Configuration streamsConfig(
            FreshnessTuning tuning, String bootstrapServers, String runId, Path stateDir, String masterKeys) {
        Map<String, String> environment = new HashMap<>(tuning.streamsSettings());
        environment.putAll(Map.of(
                "SLEEPDELTA_BOOTSTRAP_SERVERS", bootstrapServers,
                "SLEEPDELTA_APPLICATION_ID", runId,
                "SLEEPDELTA_STATE_DIR", stateDir.toString(),
                "SLEEPDELTA_MASTER_KEYS", masterKeys));
        return ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(environment)
                .load();
    }

    /** The service's settings without its /metrics endpoint: a probe in another command serves none. */
    private static StreamsAppSettings withoutOps(StreamsAppSettings s) {
        return new StreamsAppSettings(
                s.bootstrapServers(),
                s.applicationId(),
                s.stateDir(),
                s.processingGuarantee(),
                s.streamThreads(),
                s.commitInterval(),
                s.topology(),
                s.extraStreamsConfig(),
                null,
                s.kafka(),
                s.masterKeys());
    }

    /** Ingest as the demo runs it: one key per clinic, a retention covering the simulated history. */
    private static Configuration ingestConfig(
            FreshnessTuning tuning,
            String bootstrapServers,
            String runId,
            Simulation simulation,
            List<String> keyLines,
            String pepper,
            String masterKeys) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SLEEPDELTA_MAX_CONCURRENT_BATCHES",
                Integer.toString(PacedSender.MAX_IN_FLIGHT),
                "SLEEPDELTA_MAX_BATCHES_PER_CLINIC",
                Integer.toString(PacedSender.MAX_IN_FLIGHT)));
        environment.putAll(tuning.ingestSettings());
        environment.putAll(Map.of(
                "SLEEPDELTA_BOOTSTRAP_SERVERS",
                bootstrapServers,
                "SLEEPDELTA_HTTP_PORT",
                "0",
                "SLEEPDELTA_API_KEYS",
                String.join(";", keyLines),
                "SLEEPDELTA_API_KEY_PEPPER",
                pepper,
                "SLEEPDELTA_MASTER_KEYS",
                masterKeys,
                "SLEEPDELTA_TRANSACTIONAL_ID_PREFIX",
                runId + "-ingest",
                "SLEEPDELTA_RETENTION_DAYS",
                Integer.toString(Math.min(3650, simulation.config().nights() + 30))));
        return ConfigLoader.of(IngestConfiguration.ALL).environment(environment).load();
    }

    /** The settings freshness depends on, as the clients will see them (ours over Kafka's defaults). */
    static Map<String, String> settings(
            StreamsAppSettings streams,
            Configuration ingest,
            FreshnessTuning tuning,
            FreshnessOptions options,
            int clinics) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("processing guarantee", streams.processingGuarantee());
        settings.put("stream threads", Integer.toString(streams.streamThreads()));
        settings.put("commit-interval", streams.commitInterval().toMillis() + " ms");
        Properties props = new Properties();
        props.putAll(streams.kafka()
                .clientConfig(
                        KafkaClientProperties.Kind.STREAMS,
                        Map.of(),
                        Map.of(
                                StreamsConfig.APPLICATION_ID_CONFIG, streams.applicationId(),
                                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrapServers(),
                                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, streams.processingGuarantee())));
        props.putAll(streams.extraStreamsConfig());
        StreamsConfig effective = new StreamsConfig(props);
        Map<String, Object> consumer = effective.getMainConsumerConfigs(streams.applicationId(), "probe", 0);
        Map<String, Object> producer = effective.getProducerConfigs("probe");
        settings.put(
                "streams consumer fetch.max.wait.ms",
                String.valueOf(consumer.getOrDefault(
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS)));
        settings.put(
                "streams consumer fetch.min.bytes",
                String.valueOf(consumer.getOrDefault(
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.DEFAULT_FETCH_MIN_BYTES)));
        settings.put(
                "streams producer linger.ms",
                String.valueOf(producer.getOrDefault(
                        ProducerConfig.LINGER_MS_CONFIG,
                        kafkaDefault(ProducerConfig.configDef(), ProducerConfig.LINGER_MS_CONFIG))));
        Map<String, Object> ingestProducer = ingest.get(KafkaClientProperties.SETTING)
                .clientConfig(KafkaClientProperties.Kind.PRODUCER, ProducerDefaults.tuning(), Map.of());
        settings.put(
                "ingest producer linger.ms",
                String.valueOf(ingestProducer.getOrDefault(
                        ProducerConfig.LINGER_MS_CONFIG,
                        kafkaDefault(ProducerConfig.configDef(), ProducerConfig.LINGER_MS_CONFIG))));
        settings.put(
                "ingest producer batch.size",
                String.valueOf(ingestProducer.getOrDefault(
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        kafkaDefault(ProducerConfig.configDef(), ProducerConfig.BATCH_SIZE_CONFIG))));
        double perSend = options.recordsPerSecond() * tuning.sendInterval().toMillis() / 1000.0;
        settings.put(
                "ingest transaction",
                String.format(
                        "one per request; requests every %d ms per clinic and record type, %.0f records per send over"
                                + " %d clinics",
                        tuning.sendInterval().toMillis(), perSend, clinics));
        settings.put(
                "ingest max-concurrent-batches",
                String.valueOf(ingest.get(IngestConfiguration.MAX_CONCURRENT_BATCHES)));
        settings.put(
                "dashboard reader", "read_committed, fetch.max.wait.ms " + ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS);
        return settings;
    }

    private static Object kafkaDefault(ConfigDef definitions, String name) {
        return definitions.defaultValues().get(name);
    }

    /** Nearest rank; 0 with no values. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover state directory under the work directory is harmless
        }
    }
}
