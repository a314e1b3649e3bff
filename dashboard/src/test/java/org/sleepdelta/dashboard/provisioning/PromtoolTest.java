package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose stack's Prometheus configuration and alert rules, checked by Prometheus's own {@code promtool} (skipped
 * where it is not installed; CI installs it). Offline: {@code check config} parses the targets but resolves no host.
 */
class PromtoolTest {
    private static String promtool(String... args) throws IOException, InterruptedException {
        Optional<Path> promtool = PrometheusBinaries.promtool();
        assumeTrue(promtool.isPresent(), PrometheusBinaries.HOW_TO_INSTALL);
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(Repo.root().toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }

    @Test
    void theComposeConfigurationAndTheRulesItLoadsAreValid() throws Exception {
        String output = promtool("check", "config", "dashboard/prometheus/prometheus.yml");

        assertThat(output)
                .contains(
                        "SUCCESS: 1 rule files found",
                        "is valid prometheus config file syntax",
                        "Checking dashboard/prometheus/alerts.yml");
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        String output = promtool(
                "test", "rules", "dashboard/prometheus/alerts-test.yml", "dashboard/prometheus/alerts-test-days.yml");

        assertThat(output)
                .contains("Unit Testing:  dashboard/prometheus/alerts-test.yml")
                .contains("Unit Testing:  dashboard/prometheus/alerts-test-days.yml")
                .doesNotContain("FAILED");
    }
}
