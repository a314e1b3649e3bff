package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.dashboard.provisioning.ComposeInitScript;

/** {@code sleepdelta tenant} on a database set up as compose does: creates, then updates, a clinic's role. */
class TenantCommandTest {
    @Test
    void createsTheClinicRoleWithItsPasswordAndRegistersItThenUpdatesIt(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            ComposeInitScript.run(postgres);
            Flyway.configure()
                    .dataSource(postgres.getJdbcUrl("sleepdelta_sink", "sleepdelta"), "sleepdelta_sink", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/sleepdelta";
            Path passwordFile = Files.writeString(dir.resolve("clinic-a.password"), "clinic-a-secret\n");

            CliRun created = CliRun.of(
                    "tenant", "--clinic", "Clinic-A", "--jdbc-url", url, "--password-file", passwordFile.toString());
            CliRun updated = CliRun.of("tenant", "--clinic", "Clinic-A", "--jdbc-url", url);
            CliRun refused = CliRun.of("tenant", "--clinic", "not a clinic id", "--jdbc-url", url);

            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(created.out())
                    .contains(
                            "Created role clinic_clinic_a: reads clinic Clinic-A in erasure_audit, nightly_sleep, sleep_change")
                    .doesNotContain("clinic-a-secret");
            assertThat(updated.exitCode()).as(updated.err()).isZero();
            assertThat(updated.out()).contains("Updated role clinic_clinic_a", "Password (give it to the clinic");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("the clinic id must match");
            try (Connection c = postgres.getDatabase("postgres", "sleepdelta").getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT r.rolpassword IS NOT NULL, c.clinic_id FROM pg_authid r"
                            + " JOIN clinic_roles c ON c.role_name = r.rolname WHERE r.rolname = 'clinic_clinic_a'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getBoolean(1)).isTrue();
                assertThat(r.getString(2)).isEqualTo("Clinic-A");
                assertThat(r.next()).isFalse();
            }
        }
    }

    @Test
    void writesTheClinicOrganisationsProvisioningWithItsRoleAndOnlyTheAnalystDashboards(@TempDir Path dir)
            throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            ComposeInitScript.run(postgres);
            Flyway.configure()
                    .dataSource(postgres.getJdbcUrl("sleepdelta_sink", "sleepdelta"), "sleepdelta_sink", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/sleepdelta";
            Path passwordFile = Files.writeString(dir.resolve("clinic-a.password"), "clinic-a-secret\n");
            Path grafana = dir.resolve("grafana");

            CliRun withoutOrg =
                    CliRun.of("tenant", "--clinic", "Clinic-A", "--jdbc-url", url, "--grafana-dir", grafana.toString());
            CliRun run = CliRun.of(
                    "tenant",
                    "--clinic",
                    "Clinic-A",
                    "--jdbc-url",
                    url,
                    "--password-file",
                    passwordFile.toString(),
                    "--grafana-dir",
                    grafana.toString(),
                    "--grafana-org-id",
                    "7",
                    "--grafana-mounted-at",
                    "/etc/grafana/clinics");

            CliRun badOrg = CliRun.of(
                    "tenant",
                    "--clinic",
                    "Clinic-B",
                    "--jdbc-url",
                    url,
                    "--grafana-dir",
                    grafana.toString(),
                    "--grafana-org-id",
                    "0");
            assertThat(badOrg.exitCode()).isEqualTo(2);
            assertThat(badOrg.err()).contains("--grafana-org-id must be a Grafana organisation id");
            try (Connection c = postgres.getDatabase("postgres", "sleepdelta").getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'clinic_clinic_b'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).as("refused before the role is created").isZero();
            }
            assertThat(withoutOrg.exitCode()).isEqualTo(2);
            assertThat(withoutOrg.err()).contains("--grafana-org-id");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("SLEEPDELTA_GRAFANA_PG_PASSWORD_CLINIC_CLINIC_A");
            YAMLMapper yaml = new YAMLMapper();
            JsonNode datasources = yaml.readTree(grafana.resolve("provisioning/datasources/clinic_clinic_a.yaml")
                            .toFile())
                    .path("datasources");
            assertThat(datasources).hasSize(1);
            JsonNode datasource = datasources.get(0);
            assertThat(datasource.path("user").asText()).isEqualTo("clinic_clinic_a");
            assertThat(datasource.path("orgId").asLong()).isEqualTo(7);
            assertThat(datasource.path("url").asText()).isEqualTo("localhost:" + postgres.getPort());
            assertThat(datasource.path("jsonData").path("database").asText()).isEqualTo("sleepdelta");
            assertThat(datasource.path("secureJsonData").path("password").asText())
                    .isEqualTo("${SLEEPDELTA_GRAFANA_PG_PASSWORD_CLINIC_CLINIC_A}");
            String datasourceUid = datasource.path("uid").asText();

            JsonNode providers = yaml.readTree(grafana.resolve("provisioning/dashboards/clinic_clinic_a.yaml")
                            .toFile())
                    .path("providers");
            assertThat(providers).hasSize(1);
            assertThat(providers.get(0).path("orgId").asLong()).isEqualTo(7);
            assertThat(providers.get(0).path("options").path("path").asText())
                    .isEqualTo("/etc/grafana/clinics/dashboards/clinic_clinic_a");
            Path dashboards = grafana.resolve("dashboards/clinic_clinic_a");
            List<String> files;
            try (Stream<Path> listed = Files.list(dashboards)) {
                files = listed.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThat(files).containsExactly("client.json", "clinic-overview.json", "cohort.json");
            ObjectMapper json = new ObjectMapper();
            for (String file : files) {
                assertThat(Files.readString(dashboards.resolve(file)))
                        .isEqualTo(Files.readString(Path.of("../dashboard/grafana/dashboards", file)));
                List<String> uids = new ArrayList<>();
                json.readTree(dashboards.resolve(file).toFile())
                        .findValues("datasource")
                        .forEach(ref -> {
                            if (ref.isObject() && !ref.path("uid").asText().startsWith("-- ")) {
                                uids.add(ref.path("uid").asText());
                            }
                        });
                assertThat(uids).as(file).isNotEmpty().allMatch(datasourceUid::equals);
            }

            try (Stream<Path> written = Files.walk(grafana)) {
                for (Path file : written.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    assertThat(text).as(file.toString()).doesNotContain("clinic-a-secret", "grafana_reader");
                }
            }
        }
    }
}
