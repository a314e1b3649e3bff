package org.sleepdelta.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.cli.bench.freshness.FreshnessOptions;

/**
 * The bench's freshness phase, and the probe it runs, end to end on a broker of their own, as {@code bench --quick}
 * runs them (BenchCommandIT runs the other phases): the probe's precondition is empty topics, and the suite's shared
 * broker holds other tests' records, sealed under master keys the probe does not have. The numbers it measures are
 * not asserted (no timing is).
 */
class FreshnessProbeIT {
    @Test
    void measuresTheLatencyOfDashboardRecordsCausedByPacedPosts(@TempDir Path workDir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchReport report = new BenchReport(BenchEnvironment.facts());
        try (BenchBroker broker = BenchBroker.start()) {
            BenchContext context =
                    new BenchContext(broker, workDir, report, new PrintStream(progress, true, StandardCharsets.UTF_8));
            FreshnessPhase.run(context, FreshnessOptions.quick());
        }

        Map<String, BenchReport.Row> rows = report.rows().stream()
                .filter(r -> r.phase().equals(FreshnessPhase.NAME))
                .collect(Collectors.toMap(BenchReport.Row::measure, r -> r));
        assertThat(rows.get("records").value()).isPositive();
        assertThat(rows.get("achieved rate").value()).isPositive();
        assertThat(rows.get("achieved rate").note())
                .as("the target rate")
                .isEqualTo(String.format(
                        Locale.ROOT,
                        "target %.0f records/s, paced",
                        FreshnessOptions.quick().recordsPerSecond()));
        double p50 = rows.get("latency p50").value();
        double p99 = rows.get("latency p99").value();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(rows.get("latency max").value());
        // the probe's settings, as name=value pairs
        for (String setting :
                List.of("commit-interval", "ingest producer linger.ms", "streams consumer fetch.max.wait.ms")) {
            assertThat(rows.get("latency max").note()).containsPattern("(^|, )" + setting + "=\\S");
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("records accepted");
        try (Stream<Path> left = Files.walk(workDir)) {
            // the phase's own directory stays; the application's state directory inside it is removed
            assertThat(left.filter(p -> !p.equals(workDir)))
                    .isNotEmpty()
                    .allMatch(p -> Files.isDirectory(p) && isEmpty(p));
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
