package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.testing.TestCertificates;

/**
 * Issue 10, item 3: the sink's connection with {@code jdbc-sslmode=verify-full} and {@code jdbc-sslrootcert}, against an
 * embedded PostgreSQL of its own started with {@code ssl=on} and a server certificate made at test time for the name
 * {@code localhost} only (so that 127.0.0.1 shows what verify-full adds to verify-ca).
 */
class PostgresTlsTest {
    @TempDir
    static Path certificates;

    private static TestCertificates.Authority ca;
    private static TestCertificates.Authority otherCa;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgresWithTls() throws Exception {
        ca = TestCertificates.authority(certificates.resolve("ca"), "sleepdelta test CA");
        otherCa = TestCertificates.authority(certificates.resolve("other-ca"), "another CA");
        TestCertificates.Issued server = ca.issue(certificates.resolve("server"), "localhost", "dns:localhost");
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", server.certificatePem().toString())
                .setServerConfig("ssl_key_file", server.privateKeyPem().toString())
                .setServerConfig("ssl_min_protocol_version", "TLSv1.2")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static SinkSettings settings(String host, String sslMode, Path caFile) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SLEEPDELTA_JDBC_URL", "jdbc:postgresql://" + host + ":" + postgres.getPort() + "/postgres");
        environment.put("SLEEPDELTA_JDBC_USER", "postgres");
        environment.put("SLEEPDELTA_JDBC_SSLMODE", sslMode);
        if (caFile != null) {
            environment.put("SLEEPDELTA_JDBC_SSLROOTCERT", caFile.toString());
        }
        return SinkConfiguration.settings(
                ConfigLoader.of(SinkConfiguration.ALL).environment(environment).load());
    }

    /** Whether the sink's own connection ({@link Database}, as SinkService opens it) is encrypted, and how. */
    private static String sslOfTheSinksConnection(SinkSettings settings) throws SQLException {
        try (Database database =
                new Database(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(), settings.tls())) {
            Connection connection = database.connection();
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(
                            "select ssl, version from pg_stat_ssl where pid = pg_backend_pid()")) {
                row.next();
                return row.getBoolean(1) + " " + row.getString(2);
            }
        }
    }

    @Test
    void verifyFullWithTheServersCaConnectsEncrypted() throws Exception {
        assertThat(sslOfTheSinksConnection(settings("localhost", "verify-full", ca.certificatePem())))
                .matches("true TLSv1\\.[23]");
    }

    @Test
    void verifyFullWithAnotherCaIsRefused() {
        SinkSettings settings = settings("localhost", "verify-full", otherCa.certificatePem());

        assertThatThrownBy(() -> sslOfTheSinksConnection(settings))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");
    }

    @Test
    void verifyFullRefusesAHostTheCertificateDoesNotNameWhereVerifyCaOnlyChecksTheCa() throws Exception {
        SinkSettings byAddress = settings("127.0.0.1", "verify-full", ca.certificatePem());

        assertThatThrownBy(() -> sslOfTheSinksConnection(byAddress))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("127.0.0.1");
        assertThat(sslOfTheSinksConnection(settings("127.0.0.1", "verify-ca", ca.certificatePem())))
                .startsWith("true");
    }

    @Test
    void aUrlThatSaysOtherwiseIsRefusedAtStart() {
        Map<String, String> environment = Map.of(
                "SLEEPDELTA_JDBC_URL", "jdbc:postgresql://db:5432/sleepdelta?sslmode=disable",
                "SLEEPDELTA_JDBC_SSLMODE", "verify-full");

        assertThatThrownBy(() -> SinkConfiguration.settings(ConfigLoader.of(SinkConfiguration.ALL)
                        .environment(environment)
                        .load()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sslmode=disable")
                .hasMessageContaining("jdbc-sslmode");
    }
}
