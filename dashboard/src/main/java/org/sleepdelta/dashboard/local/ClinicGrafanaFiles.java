package org.sleepdelta.dashboard.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana provisioning for one clinic's organisation: its PostgreSQL datasource, logging in as the clinic's own role
 * (row-level security limits it to the clinic's rows), and the analyst dashboards. The datasource keeps the uid the
 * dashboards name ({@value #DATASOURCE_UID}; Grafana's datasource uids are unique per organisation), so the bundled
 * dashboards work unchanged. The password is never written: the datasource reads it from an environment variable of
 * Grafana. Grafana's provisioning does not create organisations; the org must exist (docs/privacy.md).
 */
public final class ClinicGrafanaFiles {
    /** The dashboards for clinics' analysts; ops.json is the operators' (Prometheus) dashboard and stays out. */
    public static final List<String> ANALYST_DASHBOARDS = List.of("client.json", "cohort.json", "clinic-overview.json");

    public static final String DATASOURCE_UID = "sleepdelta-postgres";
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/?]+)/([^/?]+)(\\?.*)?");

    /** What was written: the two provisioning files and the dashboards directory. */
    public record Written(Path datasource, Path dashboardsProvider, Path dashboards, String passwordVariable) {}

    private ClinicGrafanaFiles() {}

    /**
     * Writes the clinic organisation's datasource, dashboards provider and analyst dashboards.
     *
     * @param directory where to write: provisioning/datasources, provisioning/dashboards and dashboards/ROLE
     * @param grafanaDirectory the same directory as Grafana sees it (a mount), or null if Grafana reads it in place
     */
    public static Written write(Path directory, Path grafanaDirectory, String roleName, long orgId, String jdbcUrl)
            throws IOException {
        Matcher url = check(orgId, jdbcUrl);
        Path root = directory.toAbsolutePath().normalize();
        Path seenByGrafana = grafanaDirectory != null ? grafanaDirectory : root;
        Path dashboards = root.resolve("dashboards").resolve(roleName);
        Files.createDirectories(root.resolve("provisioning/datasources"));
        Files.createDirectories(root.resolve("provisioning/dashboards"));
        Files.createDirectories(dashboards);
        for (String dashboard : ANALYST_DASHBOARDS) {
            Files.writeString(dashboards.resolve(dashboard), BundledFiles.read("grafana/dashboards/" + dashboard));
        }

        String passwordVariable = "SLEEPDELTA_GRAFANA_PG_PASSWORD_" + roleName.toUpperCase(Locale.ROOT);
        String header = "# Written by `sleepdelta tenant` for the Grafana organisation " + orgId + " of role "
                + roleName + ". Rewritten on every run.\n";
        Path datasource = root.resolve("provisioning/datasources").resolve(roleName + ".yaml");
        Files.writeString(
                datasource,
                header
                        + "apiVersion: 1\n\n"
                        + "datasources:\n"
                        + "  - name: sleepdelta PostgreSQL\n"
                        + "    uid: " + DATASOURCE_UID + "   # the uid the dashboards name; unique per organisation\n"
                        + "    orgId: " + orgId + "\n"
                        + "    type: grafana-postgresql-datasource\n"
                        + "    access: proxy\n"
                        + "    url: " + quoted(url.group(1)) + "\n"
                        + "    user: " + quoted(roleName)
                        + "   # the clinic's role: row-level security, its rows only\n"
                        + "    isDefault: true\n"
                        + "    editable: false\n"
                        + "    jsonData:\n"
                        + "      database: " + quoted(url.group(2)) + "\n"
                        + "      sslmode: ${SLEEPDELTA_GRAFANA_PG_SSLMODE}\n"
                        + "      tlsConfigurationMethod: file-path\n"
                        + "      sslRootCertFile: ${SLEEPDELTA_GRAFANA_PG_SSLROOTCERT}\n"
                        + "      postgresVersion: 1600\n"
                        + "      timescaledb: false\n"
                        + "    secureJsonData:\n"
                        + "      # from Grafana's environment, never written here\n"
                        + "      password: ${" + passwordVariable + "}\n");

        Path provider = root.resolve("provisioning/dashboards").resolve(roleName + ".yaml");
        Files.writeString(
                provider,
                header
                        + "apiVersion: 1\n\n"
                        + "providers:\n"
                        + "  - name: " + quoted("sleepdelta " + roleName) + "\n"
                        + "    orgId: " + orgId + "\n"
                        + "    folder: sleepdelta\n"
                        + "    type: file\n"
                        + "    disableDeletion: true\n"
                        + "    allowUiUpdates: false\n"
                        + "    updateIntervalSeconds: 30\n"
                        + "    options:\n"
                        + "      path: "
                        + quoted(seenByGrafana
                                .resolve("dashboards")
                                .resolve(roleName)
                                .toString())
                        + "\n"
                        + "      foldersFromFilesStructure: false\n");
        return new Written(datasource, provider, dashboards, passwordVariable);
    }

    /** Refuses what the files could not hold, so that a caller can check before changing anything else. */
    public static Matcher check(long orgId, String jdbcUrl) {
        if (orgId < 1) {
            throw new IllegalArgumentException(
                    "--grafana-org-id must be a Grafana organisation id (1 or more), not " + orgId);
        }
        Matcher url = JDBC_URL.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException(
                    "--jdbc-url must be jdbc:postgresql://HOST[:PORT]/DATABASE for the Grafana datasource");
        }
        return url;
    }

    /** A YAML double-quoted scalar. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
