package org.sleepdelta.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.cli.demo.connected.ConnectedClients;
import org.sleepdelta.cli.run.DashboardFollower;
import org.sleepdelta.cli.run.LocalDatabase;
import org.sleepdelta.cli.run.LocalPipeline;
import org.sleepdelta.cli.run.PacedSender;
import org.sleepdelta.cli.run.PreferredPort;
import org.sleepdelta.cli.run.ProcessingWatch;
import org.sleepdelta.cli.run.Progress;
import org.sleepdelta.cli.run.RejectionCounts;
import org.sleepdelta.cli.run.ServedSink;
import org.sleepdelta.cli.service.DurationOption;
import org.sleepdelta.dashboard.local.LocalMonitoringFiles;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.SimulatedEvent;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;
import org.sleepdelta.streams.TopologySettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Runs the whole pipeline on this machine: a real single-node Kafka broker, the topics, the clinic HTTP ingest service (which the simulated clinics post to), the streams application, the sink into an embedded PostgreSQL, and a simulated cohort with known true effects; then prints what the pipeline measured (read from the table the Cohort dashboard reads) next to the truth, pipeline figures, and how to point Grafana and Prometheus at it.")
public final class DemoCommand implements Callable<Integer> {
    /**
     * How often the paced phase posts (a request, so an ingest transaction, per clinic and record type): at a demo's
     * rate, the bench's 25 ms would make transactions of a record or two, and their cost, not the pipeline, would
     * set how far a busy 2-core machine falls behind. Latency counts from acceptance, so it does not include this.
     */
    private static final Duration PACED_INTERVAL = Duration.ofMillis(100);

    @Option(names = "--clients", defaultValue = "200", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--nights", defaultValue = "120", description = "Nights per client (default: ${DEFAULT-VALUE}).")
    int nights;

    @Option(names = "--seed", defaultValue = "20240611", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--last-night", description = "Last simulated night, yyyy-MM-dd (default: yesterday, UTC).")
    LocalDate lastNight;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--stream-threads",
            defaultValue = "2",
            description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(
            names = "--keep-running",
            description = "Keep everything up after the summary (broker, ingest, streams, "
                    + "sink, PostgreSQL, the /metrics endpoints), until Ctrl-C.")
    boolean keepRunning;

    @Option(
            names = "--postgres-port",
            defaultValue = "55432",
            description =
                    "Port of the embedded PostgreSQL "
                            + "(default: ${DEFAULT-VALUE}; if it is busy, or 0, any free port; the summary prints the one used).")
    int postgresPort;

    @Option(
            names = "--ingest-port",
            defaultValue = "8080",
            description = "Ingest API and its /metrics (default: ${DEFAULT-VALUE}; any free port if busy).")
    int ingestPort;

    @Option(
            names = "--streams-metrics-port",
            defaultValue = "8081",
            description = "Streams /metrics (default: ${DEFAULT-VALUE}; any free port if busy).")
    int streamsMetricsPort;

    @Option(
            names = "--sink-metrics-port",
            defaultValue = "8082",
            description = "Sink /metrics (default: ${DEFAULT-VALUE}; any free port if busy).")
    int sinkMetricsPort;

    @Option(
            names = "--prometheus-port",
            defaultValue = "9090",
            description = "Where the written Grafana datasource "
                    + "expects a Prometheus you start yourself (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(
            names = "--monitoring-dir",
            description =
                    "Where to write the Grafana provisioning, the Prometheus config "
                            + "and the simulated clinics' API keys for this run (default: sleepdelta-demo in the temp directory).")
    Path monitoringDir;

    @Option(
            names = "--compaction-lag",
            converter = DurationOption.class,
            description = "How soon compaction must reach a superseded or deleted value on the compacted topics and"
                    + " the changelogs, e.g. 5s, to watch an erasure leave nothing readable within seconds (default:"
                    + " the production bounds, about 2 days).")
    Duration compactionLag;

    @Option(
            names = "--connected-clients",
            defaultValue = "8",
            description = "Clients whose Withings wearable is connected through the OAuth flow, against a fake of"
                    + " Withings' API: their nights arrive by pull after Withings-style webhooks instead of uploads"
                    + " (default: ${DEFAULT-VALUE}; 0 for none).")
    int connectedClients;

    @Option(
            names = "--paced-rate",
            defaultValue = "200",
            description = "Records/s of the paced phase: after the burst has been processed, the cohort's last"
                    + " records (held back from the burst) are posted at this steady rate, to measure latency without"
                    + " a queue (default: ${DEFAULT-VALUE}).")
    double pacedRate;

    @Option(
            names = "--paced-seconds",
            defaultValue = "15",
            description = "How long the paced phase posts; records it had no time for follow unmeasured"
                    + " (default: ${DEFAULT-VALUE}; 0 turns the paced phase off).")
    int pacedSeconds;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (pacedSeconds < 0 || (pacedSeconds > 0 && !(pacedRate > 0))) {
            throw new ParameterException(
                    spec.commandLine(), "--paced-seconds must be 0 or more, and --paced-rate more than 0");
        }
        long started = System.nanoTime();
        LocalDate last =
                lastNight != null ? lastNight : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        SimulationConfig config = SimulationConfig.builder(last)
                .clients(clients)
                .nights(nights)
                .seed(seed)
                .build();
        Simulation simulation = CohortSimulator.simulate(config);
        out.printf(
                "Simulated %,d clients x %d nights: %,d input records (seed %d, last night %s).%n",
                clients, nights, simulation.events().size(), seed, last);
        out.println(
                "Starting a Kafka broker (KRaft, child JVM), the streams application, an embedded PostgreSQL, the sink"
                        + " and the ingest service...");
        Path dir = monitoringDir != null
                ? monitoringDir
                : Path.of(System.getProperty("java.io.tmpdir"), "sleepdelta-demo");
        DemoClinics clinics = DemoClinics.create(simulation.config().clinics());
        CountDownLatch cleanedUp = new CountDownLatch(1);
        // PostgreSQL's initdb takes seconds: run it while the broker and the streams application start.
        CompletableFuture<LocalDatabase> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalDatabase.start(PreferredPort.orAnyFree(postgresPort));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        LocalPipeline pipeline;
        try {
            pipeline = LocalPipeline.start(
                    "sleepdelta-demo",
                    TopologySettings.defaults(),
                    partitions,
                    streamThreads,
                    loopback(streamsMetricsPort),
                    compactionLag);
        } catch (Exception e) {
            starting.thenAccept(LocalDatabase::closeQuietly); // never leave a server running behind a failed start
            throw e;
        }
        // The connections' callback and webhook URLs name ingest's port, so it is picked before ingest starts.
        int ingestHttpPort = PreferredPort.orAnyFree(ingestPort);
        if (ingestHttpPort == 0) {
            ingestHttpPort = PreferredPort.anyFree();
        }
        try (pipeline;
                ConnectedClients connected = ConnectedClients.choose(simulation, connectedClients);
                LocalDatabase tables = awaitDatabase(starting);
                ServedSink sink = ServedSink.intoLocalDatabase(
                        pipeline.bootstrapServers(), "sleepdelta-demo-sink", tables, loopback(sinkMetricsPort));
                IngestService ingest =
                        new IngestService(ingestConfig(pipeline, clinics, simulation, ingestHttpPort, connected));
                DashboardFollower dashboard =
                        new DashboardFollower(pipeline.bootstrapServers(), pipeline.clientProperties(), partitions)) {
            ingest.start();
            out.printf("Broker at %s; pipeline running after %.1f s.%n", pipeline.bootstrapServers(), seconds(started));
            URI ingestBase = URI.create("http://127.0.0.1:" + ingest.port());
            if (connected.size() > 0) {
                connected.connectAll(ingestBase, clinics.keyByClinic());
                out.printf(
                        "Connected %d clients' Withings wearables through the OAuth flow (PKCE, a scripted browser,"
                                + " against a fake of Withings' API).%n",
                        connected.size());
            }
            DemoFigures figures = feed(pipeline, ingest, clinics, dashboard, simulation, connected);
            long keys = dashboard.latest().size();
            long revisions = dashboard.latest().values().stream()
                    .mapToLong(SleepChangeMetric::getRevision)
                    .sum();
            if (!tables.awaitSleepChange(keys, revisions, Duration.ofMinutes(2))) {
                throw new IllegalStateException(
                        "the sink did not bring sleep_change to the dashboard topic's final state"
                                + " within 2 minutes");
            }
            try (Connection reader = tables.readerConnection()) {
                SummaryTable.print(
                        out,
                        CohortSummary.compute(SleepChangeRows.completeWindows(reader), simulation.groundTruth()),
                        config.effects());
            }
            figures.print(
                    out,
                    dashboard,
                    RejectionCounts.byReason(pipeline.bootstrapServers(), pipeline.clientProperties()),
                    seconds(started));
            LocalMonitoringFiles.LocalAddresses at = new LocalMonitoringFiles.LocalAddresses(
                    tables.port(), prometheusPort, ingest.port(), pipeline.app().metricsPort(), sink.metricsPort());
            new LocalAccess(
                            at,
                            LocalMonitoringFiles.write(dir, at),
                            clinics.writeKeys(dir),
                            pipeline.stateDir(),
                            tables.rows("sleep_change"),
                            keys,
                            tables.rows("nightly_sleep"))
                    .print(out, keepRunning);
            if (keepRunning) {
                awaitInterrupt(cleanedUp);
            }
        } finally {
            cleanedUp.countDown();
        }
        return 0;
    }

    /** The database started in the background, or the exception that stopped it (not a CompletionException). */
    private static LocalDatabase awaitDatabase(CompletableFuture<LocalDatabase> starting) throws Exception {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static OpsAddress loopback(int preferredPort) {
        return new OpsAddress("127.0.0.1", PreferredPort.orAnyFree(preferredPort));
    }

    private DemoFigures feed(
            LocalPipeline pipeline,
            IngestService ingest,
            DemoClinics clinics,
            DashboardFollower dashboard,
            Simulation simulation,
            ConnectedClients connected)
            throws Exception {
        Progress progress = new Progress(spec.commandLine().getErr());
        HeldBack cohort = HeldBack.last(
                simulation.events(), heldBackRecords(simulation, connected), client -> !connected.isConnected(client));
        long total = cohort.burst().size();
        long firstSend = System.nanoTime();
        URI ingestBase = URI.create("http://127.0.0.1:" + ingest.port());
        Map<String, Integer> connectionStates = new java.util.concurrent.ConcurrentHashMap<>();
        long uploadedTotal = cohort.burst().stream()
                .filter(event -> !connected.arrivesByConnection(event))
                .count();
        URI withingsWebhook = ingestBase.resolve("/v1/webhooks/" + ConnectedClients.VENDOR);
        HttpFeeder feeder = new HttpFeeder(
                ingestBase, clinics.keyByClinic(), event -> !connected.arrivesByConnection(event), chunk -> {
                    if (connected.deliver(chunk, withingsWebhook)) {
                        Map<String, Integer> states =
                                connected.awaitPulled(ingestBase, clinics.keyByClinic(), Duration.ofMinutes(2));
                        connectionStates.clear();
                        connectionStates.putAll(states);
                    }
                });
        // The simulated clinics send hundreds of batches, and the paced phase a request per clinic and record type
        // every few milliseconds: a request line each would tear up the progress line.
        // Afterwards (--keep-running) requests are logged again, as the ingest service logs them.
        Logger requestLog = (Logger) LoggerFactory.getLogger("org.sleepdelta.ingest.http.RequestLog");
        requestLog.setLevel(Level.WARN);
        double processingSeconds;
        DemoFigures.Paced paced;
        try {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    feeder.feed(cohort.burst());
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            while (!sending.isDone()) {
                progress.update(
                        "records in ", feeder.accepted(), uploadedTotal, "| metrics out " + dashboard.recordsRead());
                Thread.sleep(200);
            }
            sending.join();
            boolean done = ProcessingWatch.awaitProcessed(
                    pipeline.admin(),
                    pipeline.applicationId(),
                    List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS),
                    Duration.ofMinutes(10),
                    // committed offsets also count one transaction marker per ingest batch: never show more than 100%
                    processed -> progress.update(
                            "processed  ",
                            Math.min(processed, total),
                            total,
                            "| metrics out " + dashboard.recordsRead()));
            progress.finish();
            if (!done) {
                throw new IllegalStateException("the pipeline did not process all input within 10 minutes");
            }
            processingSeconds = (System.nanoTime() - firstSend) / 1e9;
            awaitDashboardRead(pipeline, dashboard);
            paced = cohort.paced().isEmpty() ? null : pacedPhase(pipeline, ingestBase, clinics, dashboard, cohort);
        } finally {
            requestLog.setLevel(null);
        }
        return new DemoFigures(
                simulation.events().size(),
                total,
                processingSeconds,
                paced,
                connected.size() == 0
                        ? null
                        : String.format(
                                "%d clients (Withings): %,d nights pulled after %,d webhooks, %,d vendor API"
                                        + " requests; connections %s",
                                connected.size(),
                                connected.nightsDelivered(),
                                connected.webhooksSent(),
                                connected.vendorRequests(),
                                connectionStates));
    }

    /**
     * What the paced phase holds back from the burst: a rate and a time's worth of records, but never more than half
     * of what clients upload, so that the burst still builds every client's history.
     */
    private int heldBackRecords(Simulation simulation, ConnectedClients connected) {
        long eligible = simulation.events().stream()
                .filter(event -> !connected.isConnected(event.record().clientKey()))
                .count();
        return (int) Math.min(Math.round(pacedRate * pacedSeconds), eligible / 2);
    }

    /**
     * Posts the held-back records at a steady rate with the pipeline idle: their
     * latency is the pipeline's, not a queue's. Records the phase had no time for follow at once, unmeasured.
     */
    private DemoFigures.Paced pacedPhase(
            LocalPipeline pipeline, URI ingestBase, DemoClinics clinics, DashboardFollower dashboard, HeldBack cohort)
            throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        err.printf(
                "Paced phase: %,d held-back records at %,.0f records/s for up to %d s...%n",
                cohort.paced().size(), pacedRate, pacedSeconds);
        err.flush();
        PacedSender.Outcome sent = PacedSender.inRecordOrder(ingestBase, clinics.keyByClinic(), PACED_INTERVAL)
                .run(cohort.paced(), pacedRate, Duration.ofSeconds(pacedSeconds));
        List<SimulatedEvent> rest =
                cohort.paced().subList(sent.sentEvents(), cohort.paced().size());
        if (!rest.isEmpty()) {
            new HttpFeeder(ingestBase, clinics.keyByClinic()).feed(rest);
        }
        if (!ProcessingWatch.awaitProcessed(
                pipeline.admin(),
                pipeline.applicationId(),
                List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS),
                Duration.ofMinutes(5),
                processed -> {})) {
            throw new IllegalStateException("the pipeline did not process the paced phase's input within 5 minutes");
        }
        awaitDashboardRead(pipeline, dashboard);
        return new DemoFigures.Paced(
                pacedRate,
                sent.recordsPerSecond(),
                sent.accepted(),
                sent.seconds(),
                rest.size(),
                sent.startedAtMillis(),
                sent.endedAtMillis());
    }

    private static void awaitDashboardRead(LocalPipeline pipeline, DashboardFollower dashboard) throws Exception {
        if (!dashboard.awaitCaughtUp(pipeline.admin(), Duration.ofMinutes(1))) {
            throw new IllegalStateException("the dashboard topic was not read to its end within a minute");
        }
    }

    /**
     * The demo's ingest service: its usual port if free, one key per simulated clinic, and a retention that covers
     * the simulated history (ingest judges dates by the wall clock, and the demo replays months of it at once).
     */
    private static Configuration ingestConfig(
            LocalPipeline pipeline,
            DemoClinics clinics,
            Simulation simulation,
            int httpPort,
            ConnectedClients connected) {
        List<String> keyLines = clinics.keysFileLines();
        Map<String, String> environment = new HashMap<>(Map.of(
                "SLEEPDELTA_BOOTSTRAP_SERVERS", pipeline.bootstrapServers(),
                "SLEEPDELTA_HTTP_PORT", Integer.toString(httpPort),
                "SLEEPDELTA_API_KEYS", String.join(";", keyLines),
                "SLEEPDELTA_API_KEY_PEPPER", clinics.pepper(),
                "SLEEPDELTA_MASTER_KEYS", pipeline.masterKeysText(),
                "SLEEPDELTA_RETENTION_DAYS",
                        Long.toString(Math.min(
                                3650,
                                Math.max(
                                        60,
                                        ChronoUnit.DAYS.between(
                                                        simulation.config().firstNight(), LocalDate.now(ZoneOffset.UTC))
                                                + 30))),
                // the paced phase has a request of each record type in work per clinic
                "SLEEPDELTA_MAX_CONCURRENT_BATCHES", Integer.toString(Math.max(4, 2 * keyLines.size()))));
        if (connected.size() > 0) {
            environment.putAll(connected.ingestEnvironment(URI.create("http://127.0.0.1:" + httpPort)));
        }
        return ConfigLoader.of(IngestConfiguration.ALL).environment(environment).load();
    }

    /**
     * Until Ctrl-C. The shutdown hook waits for {@code cleanedUp}: the JVM halts once its hooks return, and the
     * try-with-resources in {@link #call()} must first close the sink and stop the PostgreSQL server it started.
     */
    private void awaitInterrupt(CountDownLatch cleanedUp) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                cleanedUp.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-shutdown"));
        out.printf("%nKeeping everything running; Ctrl-C stops it.%n");
        out.flush();
        stop.await();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
