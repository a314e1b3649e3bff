package org.sleepdelta.cli.demo;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.ingest.simulator.Clinic;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sleepdelta.cli.run.DashboardFollower;
import org.sleepdelta.cli.run.LocalPipeline;
import org.sleepdelta.cli.run.ProcessingWatch;
import org.sleepdelta.cli.run.Progress;
import org.sleepdelta.cli.run.RejectionCounts;
import org.sleepdelta.ingest.simulator.CohortSimulator;
import org.sleepdelta.ingest.simulator.Simulation;
import org.sleepdelta.ingest.simulator.SimulationConfig;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.streams.TopologySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline on this machine: a real single-node Kafka broker, the topics, the clinic HTTP ingest service (which the simulated clinics post to), the streams application, and a simulated cohort with known true effects; then prints what the pipeline measured next to the truth, and pipeline figures.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "200", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--nights", defaultValue = "120", description = "Nights per client (default: ${DEFAULT-VALUE}).")
    int nights;

    @Option(names = "--seed", defaultValue = "20240611", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--last-night", description = "Last simulated night, yyyy-MM-dd (default: yesterday, UTC).")
    LocalDate lastNight;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--stream-threads", defaultValue = "2", description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(names = "--keep-running", description = "Keep the broker and the pipeline up after the summary, until Ctrl-C.")
    boolean keepRunning;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        long started = System.nanoTime();
        LocalDate last = lastNight != null ? lastNight : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        SimulationConfig config = SimulationConfig.builder(last).clients(clients).nights(nights).seed(seed).build();
        Simulation simulation = CohortSimulator.simulate(config);
        out.printf("Simulated %,d clients x %d nights: %,d input records (seed %d, last night %s).%n",
                clients, nights, simulation.events().size(), seed, last);
        out.println("Starting a Kafka broker (KRaft, child JVM) and the streams application...");
        try (LocalPipeline pipeline = LocalPipeline.start("sleepdelta-demo", TopologySettings.defaults(), partitions,
                streamThreads);
             DashboardFollower dashboard = new DashboardFollower(pipeline.bootstrapServers(), partitions)) {
            out.printf("Broker at %s; pipeline running after %.1f s.%n", pipeline.bootstrapServers(), seconds(started));
            DemoFigures figures = feed(pipeline, dashboard, simulation);
            SummaryTable.print(out, CohortSummary.compute(dashboard.latest().values(), simulation.groundTruth()),
                    config.effects());
            figures.print(out, dashboard, RejectionCounts.byReason(pipeline.bootstrapServers()), seconds(started));
            if (keepRunning) {
                awaitInterrupt(pipeline);
            }
        }
        return 0;
    }

    private DemoFigures feed(LocalPipeline pipeline, DashboardFollower dashboard, Simulation simulation) throws Exception {
        Progress progress = new Progress(spec.commandLine().getErr());
        long total = simulation.events().size();
        long firstSend = System.nanoTime();
        Map<String, String> keys = new HashMap<>();
        List<String> keyLines = new ArrayList<>();
        for (Clinic clinic : simulation.config().clinics()) {
            ApiKeyTool.NewApiKey key = ApiKeyTool.create(clinic.id(), "demo");
            keys.put(clinic.id(), key.key());
            keyLines.add(key.keysFileLine());
        }
        try (IngestService ingest = new IngestService(ingestConfig(pipeline, keyLines, simulation))) {
            ingest.start();
            HttpFeeder feeder = new HttpFeeder(URI.create("http://127.0.0.1:" + ingest.port()), keys);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    feeder.feed(simulation.events());
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            while (!sending.isDone()) {
                progress.update("records in ", feeder.accepted(), total, "| metrics out " + dashboard.recordsRead());
                Thread.sleep(200);
            }
            sending.join();
        }
        boolean done = ProcessingWatch.awaitProcessed(pipeline.admin(), pipeline.applicationId(),
                List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS), Duration.ofMinutes(10),
                processed -> progress.update("processed  ", processed, total, "| metrics out " + dashboard.recordsRead()));
        progress.finish();
        if (!done) {
            throw new IllegalStateException("the pipeline did not process all input within 10 minutes");
        }
        double processingSeconds = (System.nanoTime() - firstSend) / 1e9;
        if (!dashboard.awaitCaughtUp(pipeline.admin(), Duration.ofMinutes(1))) {
            throw new IllegalStateException("the dashboard topic was not read to its end within a minute");
        }
        return new DemoFigures(total, processingSeconds);
    }

    /**
     * The demo's ingest service: a free port, one key per simulated clinic, and a retention that covers the simulated
     * history (ingest judges dates by the wall clock, and the demo replays months of it at once).
     */
    private Configuration ingestConfig(LocalPipeline pipeline, List<String> keyLines, Simulation simulation) {
        return ConfigLoader.of(IngestConfiguration.ALL).environment(Map.of(
                "SLEEPDELTA_BOOTSTRAP_SERVERS", pipeline.bootstrapServers(),
                "SLEEPDELTA_HTTP_PORT", "0",
                "SLEEPDELTA_API_KEYS", String.join(";", keyLines),
                "SLEEPDELTA_RETENTION_DAYS", Long.toString(Math.min(3650, Math.max(60,
                        ChronoUnit.DAYS.between(simulation.config().firstNight(), LocalDate.now(ZoneOffset.UTC)) + 30))),
                "SLEEPDELTA_MAX_CONCURRENT_BATCHES", Integer.toString(Math.max(4, keyLines.size()))
        )).load();
    }

    private void awaitInterrupt(LocalPipeline pipeline) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        out.printf("%nKeeping everything running. Kafka bootstrap address: %s  (Ctrl-C stops it)%n",
                pipeline.bootstrapServers());
        stop.await();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
