package org.sleepdelta.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.cli.bench.freshness.FreshnessOptions;
import org.sleepdelta.cli.bench.freshness.FreshnessProbe;
import org.sleepdelta.cli.bench.freshness.FreshnessResult;

/**
 * The probe runs end to end on a broker of its own, as the bench runs it: its precondition is empty topics, and the
 * suite's shared broker holds other tests' records, sealed under master keys the probe does not have. The numbers it
 * measures are not asserted (no timing is).
 */
class FreshnessProbeIT {
    @Test
    void measuresTheLatencyOfDashboardRecordsCausedByPacedPosts(@TempDir Path workDir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        FreshnessResult result;
        try (BenchBroker broker = BenchBroker.start()) {
            broker.resetTopics();
            result = FreshnessProbe.run(
                    FreshnessOptions.quick(),
                    broker.bootstrapServers(),
                    workDir,
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
        }

        assertThat(result.records()).isPositive();
        assertThat(result.targetRecordsPerSecond())
                .isEqualTo(FreshnessOptions.quick().recordsPerSecond());
        assertThat(result.achievedRecordsPerSecond()).isPositive();
        assertThat(result.p50Millis()).isPositive().isLessThanOrEqualTo(result.p99Millis());
        assertThat(result.p99Millis()).isLessThanOrEqualTo(result.maxMillis());
        assertThat(result.settings())
                .containsKeys("commit-interval", "ingest producer linger.ms", "streams consumer fetch.max.wait.ms")
                .allSatisfy((name, value) -> assertThat(value).isNotBlank());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("records accepted");
        assertThat(workDir).isEmptyDirectory(); // the application's state directory is removed
    }
}
