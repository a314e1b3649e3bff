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
        try {
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
