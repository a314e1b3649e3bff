package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
                    .contains("Created role clinic_clinic_a: reads clinic Clinic-A in nightly_sleep, sleep_change")
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
}
