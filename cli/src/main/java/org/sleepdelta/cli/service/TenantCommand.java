package org.sleepdelta.cli.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.sleepdelta.dashboard.local.ClinicGrafanaFiles;
import org.sleepdelta.dashboard.tenant.ClinicRoles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Creates or updates a clinic's PostgreSQL login role, which reads only that clinic's rows of the "
                + "dashboard tables (row-level security), and nothing of the sink's tables. Run it as a database "
                + "administrator after the sink has migrated the database.")
public final class TenantCommand implements Callable<Integer> {
    @Option(names = "--clinic", required = true, description = "The clinic whose rows the role may read.")
    String clinicId;

    @Option(
            names = "--jdbc-url",
            required = true,
            description = "The dashboard database, e.g. " + "jdbc:postgresql://localhost:5432/sleepdelta.")
    String jdbcUrl;

    @Option(
            names = "--admin-user",
            defaultValue = "postgres",
            description = "The administrator to connect as: "
                    + "may create roles and grant SELECT on the sink's tables. Default: ${DEFAULT-VALUE}.")
    String adminUser;

    @Option(
            names = "--admin-password-file",
            description = "The administrator's password; without it, PGPASSWORD " + "from the environment, or none.")
    Path adminPasswordFile;

    @Option(names = "--role", description = "The role's name; default clinic_ and the clinic id in lower case.")
    String roleName;

    @Option(
            names = "--password-file",
            description = "The clinic role's password (its first line); without it a "
                    + "new random password is printed once.")
    Path passwordFile;

    @Option(
            names = "--grafana-dir",
            description = "Also write, under this directory, the Grafana provisioning of the clinic's organisation: "
                    + "its PostgreSQL datasource as the clinic's role and the analyst dashboards.")
    Path grafanaDir;

    @Option(
            names = "--grafana-org-id",
            description = "The clinic's Grafana organisation, created beforehand (POST /api/orgs); "
                    + "required with --grafana-dir.")
    Long grafanaOrgId;

    @Option(
            names = "--grafana-mounted-at",
            description = "Where Grafana sees --grafana-dir (a container mount); default: --grafana-dir itself.")
    Path grafanaMountedAt;

    /** Replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        String role;
        char[] password;
        boolean generated = passwordFile == null;
        Properties admin = new Properties();
        admin.setProperty("user", adminUser);
        if (grafanaDir != null && grafanaOrgId == null) {
            err.println("--grafana-dir needs --grafana-org-id: Grafana's provisioning does not create organisations");
            return 2;
        }
        try {
            if (grafanaDir != null) {
                ClinicGrafanaFiles.check(grafanaOrgId, jdbcUrl); // before the role changes
            }
            role = roleName != null ? roleName : ClinicRoles.defaultRoleName(clinicId);
            password = generated ? newPassword() : firstLine(passwordFile).toCharArray();
            String adminPassword =
                    adminPasswordFile != null ? firstLine(adminPasswordFile) : environment.get("PGPASSWORD");
            if (adminPassword != null) {
                admin.setProperty("password", adminPassword);
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, admin)) {
            ClinicRoles.ClinicRole registered = ClinicRoles.register(connection, clinicId, role, password);
            out.println((registered.created() ? "Created" : "Updated") + " role " + registered.roleName()
                    + ": reads clinic " + registered.clinicId() + " in " + String.join(", ", registered.tables()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (grafanaDir != null) {
            try {
                ClinicGrafanaFiles.Written written =
                        ClinicGrafanaFiles.write(grafanaDir, grafanaMountedAt, role, grafanaOrgId, jdbcUrl);
                out.println("Wrote Grafana provisioning for organisation " + grafanaOrgId + ": " + written.datasource()
                        + ", " + written.dashboardsProvider() + ", dashboards in " + written.dashboards());
                out.println("Grafana reads the role's password from its environment variable "
                        + written.passwordVariable());
            } catch (IllegalArgumentException | IOException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        if (generated) {
            out.println("Password (give it to the clinic; it is not printed again):");
            out.println("  " + new String(password));
        }
        return 0;
    }

    private static char[] newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static String firstLine(Path file) throws IOException {
        String line = Files.readString(file, StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("")
                .strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no password");
        }
        return line;
    }
}
