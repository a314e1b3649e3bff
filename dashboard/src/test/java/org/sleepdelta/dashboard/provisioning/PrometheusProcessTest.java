package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.dashboard.provisioning.PrometheusProcess.Target;

/** The configuration PrometheusProcess generates (running it is DashboardsAfterPipelineIT's part). */
class PrometheusProcessTest {
    @Test
    void oneScrapeJobPerJobNameEverythingEveryIntervalAndTheRuleFilesByAbsolutePath() throws Exception {
        String config = PrometheusProcess.config(
                Duration.ofSeconds(1),
                List.of(
                        new Target("streams", URI.create("http://127.0.0.1:8081/metrics")),
                        new Target("ingest", URI.create("http://127.0.0.1:8080/metrics")),
                        new Target("streams", URI.create("http://127.0.0.1:8091/metrics"))),
                List.of(Path.of("alerts.yml")));

        JsonNode yaml = new YAMLMapper().readTree(config);
        assertThat(yaml.path("global").path("scrape_interval").asText()).isEqualTo("1000ms");
        assertThat(yaml.path("global").path("scrape_timeout").asText()).isEqualTo("1000ms");
        assertThat(yaml.path("global").path("evaluation_interval").asText()).isEqualTo("1000ms");
        assertThat(yaml.path("rule_files").get(0).asText())
                .isEqualTo(Path.of("alerts.yml").toAbsolutePath().toString());
        JsonNode jobs = yaml.path("scrape_configs");
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).path("job_name").asText()).isEqualTo("streams");
        assertThat(jobs.get(0).path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(jobs.get(0).path("static_configs").get(0).path("targets").toString())
                .isEqualTo("[\"127.0.0.1:8081\",\"127.0.0.1:8091\"]");
        assertThat(jobs.get(1).path("job_name").asText()).isEqualTo("ingest");
    }

    @Test
    void instancesOfOneJobMustShareTheirMetricsPath() {
        assertThatThrownBy(() -> PrometheusProcess.config(
                        Duration.ofSeconds(1),
                        List.of(
                                new Target("sink", URI.create("http://127.0.0.1:1/metrics")),
                                new Target("sink", URI.create("http://127.0.0.1:2/prometheus"))),
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share a metrics path");
    }
}
