package org.sleepdelta.dashboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.dashboard.provisioning.Repo;

class LocalMonitoringFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LocalMonitoringFiles.LocalAddresses AT =
            new LocalMonitoringFiles.LocalAddresses(55432, 9090, 18080, 18081, 18082);

    @Test
    void theBundledDeploymentFilesAreTheOnesInTheRepository() throws IOException {
        assertThat(BundledFiles.read("postgres/init.sql")).isEqualTo(Repo.read("dashboard/postgres/init.sql"));
        assertThat(BundledFiles.read("prometheus/alerts.yml")).isEqualTo(Repo.read("dashboard/prometheus/alerts.yml"));
        try (Stream<Path> files = Files.list(Repo.root().resolve("dashboard/grafana/dashboards"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(LocalMonitoringFiles.DASHBOARDS);
        }
    }

    @Test
    void theInitScriptCreatesTheUsersAndPasswordsTheCodeNames() throws IOException {
        String script = InitScript.text();
        assertThat(script)
                .contains("CREATE ROLE " + InitScript.SINK_USER + " LOGIN PASSWORD '" + InitScript.SINK_PASSWORD + "'")
                .contains("CREATE ROLE " + InitScript.READER_USER + " LOGIN PASSWORD '" + InitScript.READER_PASSWORD
                        + "'")
                .contains("CREATE DATABASE " + InitScript.DATABASE + " ");
        JsonNode postgres = YAML.readTree(Repo.read("dashboard/grafana/provisioning/datasources/datasources.yaml"))
                .path("datasources")
                .get(0);
        assertThat(postgres.path("user").asText()).isEqualTo(InitScript.READER_USER);
        assertThat(postgres.path("secureJsonData").path("password").asText()).isEqualTo(InitScript.READER_PASSWORD);
        assertThat(postgres.path("jsonData").path("database").asText()).isEqualTo(InitScript.DATABASE);
    }

    @Test
    void datasourcesPointAtLoopbackAndKeepTheUidsTheDashboardsName(@TempDir Path dir) throws IOException {
        LocalMonitoringFiles.Written written = LocalMonitoringFiles.write(dir, AT);

        JsonNode repo = YAML.readTree(Repo.read("dashboard/grafana/provisioning/datasources/datasources.yaml"));
        JsonNode local = YAML.readTree(written.grafanaProvisioning()
                .resolve("datasources/datasources.yaml")
                .toFile());
        assertThat(uids(local)).isEqualTo(uids(repo)).contains("sleepdelta-postgres", "sleepdelta-prometheus");
        assertThat(urls(local)).containsExactly("127.0.0.1:55432", "http://127.0.0.1:9090");
        assertThat(local.path("datasources")
                        .get(0)
                        .path("secureJsonData")
                        .path("password")
                        .asText())
                .isEqualTo(InitScript.READER_PASSWORD);
        JsonNode postgresTls = local.path("datasources").get(0).path("jsonData");
        assertThat(postgresTls.path("sslmode").asText())
                .as("the demo's embedded PostgreSQL has no TLS")
                .isEqualTo("disable");
        assertThat(postgresTls.path("sslRootCertFile").asText()).isEmpty();
        assertThat(Files.readString(written.grafanaProvisioning().resolve("datasources/datasources.yaml")))
                .doesNotContain("${SLEEPDELTA_");
    }

    @Test
    void theDashboardProviderLoadsExactCopiesFromTheWrittenDirectory(@TempDir Path dir) throws IOException {
        LocalMonitoringFiles.Written written = LocalMonitoringFiles.write(dir, AT);

        JsonNode providers = YAML.readTree(written.grafanaProvisioning()
                .resolve("dashboards/dashboards.yaml")
                .toFile());
        Path path = Path.of(
                providers.path("providers").get(0).path("options").path("path").asText());
        assertThat(path).isAbsolute().startsWith(dir.toAbsolutePath());
        for (String dashboard : LocalMonitoringFiles.DASHBOARDS) {
            assertThat(Files.readString(path.resolve(dashboard)))
                    .isEqualTo(Repo.read("dashboard/grafana/dashboards/" + dashboard));
        }
    }

    @Test
    void prometheusScrapesTheLocalPortsUnderTheComposeJobNamesWithTheSameRules(@TempDir Path dir) throws IOException {
        LocalMonitoringFiles.Written written = LocalMonitoringFiles.write(dir, AT);

        JsonNode config = YAML.readTree(written.prometheusConfig().toFile());
        List<String> jobs = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        config.path("scrape_configs").forEach(job -> {
            jobs.add(job.path("job_name").asText());
            job.path("static_configs").forEach(s -> s.path("targets").forEach(t -> targets.add(t.asText())));
        });
        assertThat(jobs).containsExactly("ingest", "streams", "sink");
        assertThat(targets).containsExactly("127.0.0.1:18080", "127.0.0.1:18081", "127.0.0.1:18082");
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("alerts.yml");
        assertThat(written.prometheusConfig().resolveSibling("alerts.yml"))
                .hasContent(Repo.read("dashboard/prometheus/alerts.yml"));
    }

    @Test
    void aTemplateThatChangedShapeIsAnErrorNotAStaleFile() {
        assertThatThrownBy(() -> LocalMonitoringFiles.replaceOnce("url: a\nurl: a\n", "url: a", "url: b"))
                .hasMessageContaining("exactly one 'url: a'");
        assertThatThrownBy(() -> LocalMonitoringFiles.replaceOnce("url: c\n", "url: a", "url: b"))
                .hasMessageContaining("exactly one 'url: a'");
        assertThat(LocalMonitoringFiles.replaceOnce("x url: a y", "url: a", "url: b"))
                .isEqualTo("x url: b y");
    }

    private static List<String> uids(JsonNode provisioning) {
        List<String> uids = new ArrayList<>();
        provisioning.path("datasources").forEach(d -> uids.add(d.path("uid").asText()));
        return uids;
    }

    private static List<String> urls(JsonNode provisioning) {
        List<String> urls = new ArrayList<>();
        provisioning.path("datasources").forEach(d -> urls.add(d.path("url").asText()));
        return urls;
    }
}
