package org.sleepdelta.cli.bench.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.BrokerJvm;
import org.sleepdelta.embedded.EmbeddedKafkaBroker;
import org.sleepdelta.schemas.TopicSetup;

/**
 * Compares freshness settings by measurement (docs/benchmarks.md, "Freshness"): each variation runs the freshness
 * probe on a broker of its own, started fresh, with the pipeline's topics created empty. Variations run in turn,
 * {@code benchmark.rounds} times each (default 2, to see the run-to-run noise), in the order given by
 * {@code freshness.variations} (comma-separated names, default all). Results go to stdout and to
 * {@code cli/target/freshness-settings.txt} as each run ends.
 */
@Tag("benchmark")
class FreshnessSettingsBenchmarkIT {
    private static final FreshnessOptions BENCH = FreshnessOptions.defaults();
    private static final Duration WARM_UP = Duration.ofSeconds(
            Long.getLong("freshness.warmup.seconds", BENCH.warmUp().toSeconds()));
    private static final Duration MEASURED = Duration.ofSeconds(
            Long.getLong("freshness.measured.seconds", BENCH.measured().toSeconds()));

    /** The services' defaults, then one change each. */
    static Map<String, FreshnessTuning> variations() {
        Map<String, FreshnessTuning> all = new LinkedHashMap<>();
        Duration send = FreshnessTuning.defaults().sendInterval();
        all.put("defaults", FreshnessTuning.defaults());
        all.put("commit-50ms", streams(Map.of("SLEEPDELTA_COMMIT_INTERVAL", "50ms"), send));
        all.put("commit-200ms", streams(Map.of("SLEEPDELTA_COMMIT_INTERVAL", "200ms"), send));
        all.put("commit-500ms", streams(Map.of("SLEEPDELTA_COMMIT_INTERVAL", "500ms"), send));
        all.put("ingest-linger-0", ingest(Map.of("SLEEPDELTA_KAFKA_PRODUCER_LINGER_MS", "0")));
        all.put("send-every-25ms", new FreshnessTuning(Map.of(), Map.of(), Duration.ofMillis(25)));
        all.put("send-every-100ms", new FreshnessTuning(Map.of(), Map.of(), Duration.ofMillis(100)));
        all.put("send-every-1000ms", new FreshnessTuning(Map.of(), Map.of(), Duration.ofMillis(1000)));
        all.put("streams-fetch-wait-50", streams(Map.of("SLEEPDELTA_KAFKA_STREAMS_FETCH_MAX_WAIT_MS", "50"), send));
        all.put("streams-linger-5", streams(Map.of("SLEEPDELTA_KAFKA_STREAMS_LINGER_MS", "5"), send));
        return all;
    }

    private static FreshnessTuning streams(Map<String, String> settings, Duration send) {
        return new FreshnessTuning(Map.of(), settings, send);
    }

    private static FreshnessTuning ingest(Map<String, String> settings) {
        return new FreshnessTuning(
                settings, Map.of(), FreshnessTuning.defaults().sendInterval());
    }

    @Test
    void compareFreshnessSettings(@TempDir Path workDir) throws Exception {
        Map<String, FreshnessTuning> all = variations();
        List<String> names = new ArrayList<>(all.keySet());
        String chosen = System.getProperty("freshness.variations", "");
        if (!chosen.isBlank()) {
            names = List.of(chosen.split(","));
        }
        int rounds = Integer.getInteger("benchmark.rounds", 2);
        double rate =
                Double.parseDouble(System.getProperty("freshness.rate", Double.toString(BENCH.recordsPerSecond())));
        FreshnessOptions options =
                new FreshnessOptions(rate, WARM_UP, MEASURED, Integer.getInteger("freshness.clients", BENCH.clients()));
        Path out = Path.of("target", "freshness-settings.txt");
        Files.createDirectories(out.getParent());
        report(
                out,
                String.format(
                        "%s freshness settings: %,.0f records/s, %d s warm-up + %d s measured, %d cores, Java %s,"
                                + " max heap %d MiB",
                        Instant.now(),
                        rate,
                        WARM_UP.toSeconds(),
                        MEASURED.toSeconds(),
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.version(),
                        Runtime.getRuntime().maxMemory() >> 20));
        for (int round = 1; round <= rounds; round++) {
            for (String name : names) {
                FreshnessTuning tuning = all.get(name.trim());
                assertThat(tuning).as("variation " + name).isNotNull();
                FreshnessResult result = runOnFreshBroker(options, tuning, workDir);
                report(
                        out,
                        String.format(
                                "%-22s round %d: p50 %5.0f ms, p99 %5.0f ms, max %5.0f ms over %,d dashboard records;"
                                        + " %,.0f records/s achieved; %s",
                                name,
                                round,
                                result.p50Millis(),
                                result.p99Millis(),
                                result.maxMillis(),
                                result.records(),
                                result.achievedRecordsPerSecond(),
                                result.settings()));
                assertThat(result.records()).isPositive();
            }
        }
    }

    private static FreshnessResult runOnFreshBroker(FreshnessOptions options, FreshnessTuning tuning, Path workDir)
            throws Exception {
        try (EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.builder().jvm(BrokerJvm.THROUGHPUT).start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, 6, (short) 1);
            return FreshnessProbe.run(
                    options,
                    tuning,
                    broker.bootstrapServers(),
                    workDir,
                    new PrintStream(System.out, true, StandardCharsets.UTF_8));
        }
    }

    private static void report(Path out, String line) throws IOException {
        System.out.println(line);
        Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
