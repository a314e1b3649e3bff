package org.sleepdelta.cli.replay;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.cli.run.DashboardFollower;
import org.sleepdelta.cli.run.LocalPipeline;
import org.sleepdelta.cli.run.ProcessingWatch;
import org.sleepdelta.cli.run.Progress;
import org.sleepdelta.cli.run.SendTracker;
import org.sleepdelta.cli.run.TopicReader;
import org.sleepdelta.ingest.kafka.CanonicalProducer;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.JsonLines;
import org.sleepdelta.schemas.json.MetricJson;
import org.sleepdelta.schemas.validation.Violation;
import org.sleepdelta.streams.TopologySettings;
import org.sleepdelta.streams.app.StreamsConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Runs the same topology on an embedded broker over canonical JSON Lines files and writes the final dashboard state (latest value per key, deleted keys absent) as JSON Lines sorted by key. Bad lines are reported as file:line and do not stop the run. Keeps all state (no retention).")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--sleep", required = true, description = "Canonical SleepRecord JSON Lines.")
    Path sleepFile;

    @Option(names = "--sessions", required = true, description = "Canonical MassageSession JSON Lines.")
    Path sessionsFile;

    @Option(names = "--out", required = true, description = "Where to write the final dashboard state (JSON Lines).")
    Path outFile;

    @Option(names = "--config", description = "Properties file (source-priority, late-grace-days, partitions, ...).")
    Optional<Path> configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path input : List.of(sleepFile, sessionsFile)) {
            if (!Files.isReadable(input)) {
                err.println("cannot read " + input);
                return 2;
            }
        }
        Configuration config =
                ConfigLoader.of(StreamsConfiguration.ALL).file(configFile).load();
        TopologySettings topology =
                StreamsConfiguration.topologySettings(config).keepingEverything();
        int partitions = config.get(StreamsConfiguration.PARTITIONS);
        long started = System.nanoTime();
        try (LocalPipeline pipeline = LocalPipeline.start("sleepdelta-replay", topology, partitions, 1);
                DashboardFollower dashboard =
                        new DashboardFollower(pipeline.bootstrapServers(), pipeline.clientProperties(), partitions)) {
            BadLines bad = new BadLines(err);
            long sent = produce(pipeline, bad);
            Progress progress = new Progress(err);
            if (!ProcessingWatch.awaitProcessed(
                    pipeline.admin(),
                    pipeline.applicationId(),
                    List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS),
                    Duration.ofHours(6),
                    processed -> progress.update("processed", processed, sent, ""))) {
                throw new IllegalStateException("replay did not finish processing");
            }
            progress.finish();
            if (!dashboard.awaitCaughtUp(pipeline.admin(), Duration.ofMinutes(10))) {
                throw new IllegalStateException("the dashboard topic was not read to its end");
            }
            long rejected = reportRejections(pipeline, bad);
            Map<String, SleepChangeMetric> state = new TreeMap<>(dashboard.latest());
            write(state);
            out.printf(
                    "replay: %,d records in, %,d bad lines, %,d rejected by the topology, %,d keys written to %s (%.1f s)%n",
                    sent, bad.count(), rejected, state.size(), outFile, (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }

    private long produce(LocalPipeline pipeline, BadLines bad) throws Exception {
        SendTracker sends = new SendTracker();
        long now = System.currentTimeMillis();
        try (CanonicalProducer producer = new CanonicalProducer(
                pipeline.bootstrapServers(), pipeline.clientProperties(), pipeline.masterKeys())) {
            JsonLines.read(
                    sleepFile,
                    CanonicalJson::sleepRecord,
                    (file, line, record) -> producer.send(
                            CanonicalRecord.of(record), now, file.getFileName() + ":" + line, sends.counting()),
                    bad::report);
            JsonLines.read(
                    sessionsFile,
                    CanonicalJson::massageSession,
                    (file, line, session) -> producer.send(
                            CanonicalRecord.of(session), now, file.getFileName() + ":" + line, sends.counting()),
                    bad::report);
            producer.flush();
        }
        sends.throwIfFailed();
        return sends.sent();
    }

    private long reportRejections(LocalPipeline pipeline, BadLines bad) {
        long[] count = {0};
        TopicReader.readToEnd(pipeline.bootstrapServers(), pipeline.clientProperties(), Topics.REJECTIONS, record -> {
            Rejection rejection = Codecs.rejection().decode(record.value());
            String origin = PipelineHeaders.origin(record.headers());
            bad.report(
                    origin == null ? record.topic() + "@" + record.offset() : origin,
                    rejection.getReason() + ": " + rejection.getDetail());
            count[0]++;
        });
        return count[0];
    }

    private void write(Map<String, SleepChangeMetric> state) throws Exception {
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter writer = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            for (SleepChangeMetric metric : state.values()) {
                writer.write(CanonicalJson.line(MetricJson.toJson(metric)));
                writer.newLine();
            }
        }
    }

    /** Reports bad lines on stderr as {@code file:line: reasons}, one per line. */
    static final class BadLines {
        private final PrintWriter err;
        private long count;

        BadLines(PrintWriter err) {
            this.err = err;
        }

        void report(Path file, long line, String text, List<Violation> violations) {
            report(
                    file.getFileName() + ":" + line,
                    String.join(
                            "; ", violations.stream().map(Violation::toString).toList()));
        }

        synchronized void report(String where, String reason) {
            count++;
            err.println(where + ": " + reason);
            err.flush();
        }

        long count() {
            return count;
        }
    }
}
