package org.sleepdelta.dashboard.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sleepdelta.schemas.Ids;

/**
 * Creates or updates a clinic's PostgreSQL login role, which reads only that clinic's rows (migration V5: row-level
 * security keyed on {@code session_user} through {@code clinic_roles}).
 *
 * <p>The connection must be an administrator's: a role that may create roles and grant SELECT on the sink's tables
 * and insert into {@code clinic_roles} (in the compose stack, the postgres superuser). Everything happens in one
 * transaction, so a refused registration leaves nothing behind.
 */
public final class ClinicRoles {
    /** Role names this class creates or accepts: plain lower-case identifiers, so they never need quoting. */
    public static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private ClinicRoles() {}

    /** The role a clinic gets by default: {@code clinic_} and the clinic id, lower case, other characters as _. */
    public static String defaultRoleName(String clinicId) {
        requireClinicId(clinicId);
        String name = "clinic_" + clinicId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** What {@link #register} did. */
    public record ClinicRole(String roleName, String clinicId, boolean created, List<String> tables) {}

    /**
     * Creates {@code roleName} (or updates it: password, settings, grants), registers it as reading {@code clinicId}
     * only, and grants it SELECT on every table with row-level security, and on nothing else.
     *
     * @throws IllegalArgumentException for an invalid clinic id or role name
     * @throws IllegalStateException when the role exists but may not become a clinic role: superuser, BYPASSRLS, a
     *     member of another role (SET ROLE would give it that role's privileges), or registered for another clinic
     *     or for all clinics
     */
    public static ClinicRole register(Connection admin, String clinicId, String roleName, char[] password)
            throws SQLException {
        requireClinicId(clinicId);
        if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
            throw new IllegalArgumentException("the role name must match " + ROLE_NAME.pattern());
        }
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        boolean autoCommit = admin.getAutoCommit();
        admin.setAutoCommit(false);
        try {
            ClinicRole role = registerInTransaction(admin, clinicId, roleName, password);
            admin.commit();
            return role;
        } catch (SQLException | RuntimeException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(autoCommit);
        }
    }

    private static ClinicRole registerInTransaction(Connection admin, String clinicId, String roleName, char[] password)
            throws SQLException {
        boolean created = !exists(admin, roleName);
        if (created) {
            execute(
                    admin,
                    "CREATE ROLE " + roleName
                            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT");
        } else {
            refuseUnsafe(admin, clinicId, roleName);
        }
        // The password goes through format(%L) on the server, never into SQL built here.
        try (PreparedStatement format = admin.prepareStatement("SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)")) {
            format.setString(1, roleName);
            format.setString(2, new String(password));
            try (ResultSet sql = format.executeQuery()) {
                sql.next();
                execute(admin, sql.getString(1));
            }
        }
        // As grafana_reader's (init.sql): read-only sessions and a bound on each query. A session may undo the
        // first; the grants are what hold.
        execute(admin, "ALTER ROLE " + roleName + " SET default_transaction_read_only = on");
        execute(admin, "ALTER ROLE " + roleName + " SET statement_timeout = '30s'");
        try (Statement s = admin.createStatement();
                ResultSet database = s.executeQuery("SELECT quote_ident(current_database())")) {
            database.next();
            execute(admin, "GRANT CONNECT ON DATABASE " + database.getString(1) + " TO " + roleName);
        }
        execute(admin, "GRANT USAGE ON SCHEMA public TO " + roleName);
        List<String> tables = protectedTables(admin);
        for (String table : tables) {
            execute(admin, "GRANT SELECT ON public." + table + " TO " + roleName);
        }
        try (PreparedStatement insert = admin.prepareStatement("INSERT INTO public.clinic_roles (role_name, clinic_id)"
                + " VALUES (?, ?) ON CONFLICT (role_name) DO NOTHING")) {
            insert.setString(1, roleName);
            insert.setString(2, clinicId);
            insert.executeUpdate();
        }
        return new ClinicRole(roleName, clinicId, created, tables);
    }

    private static void refuseUnsafe(Connection admin, String clinicId, String roleName) throws SQLException {
        try (PreparedStatement q = admin.prepareStatement("SELECT r.rolsuper OR r.rolbypassrls AS privileged,"
                + " (SELECT string_agg(g.rolname, ', ') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                + "   WHERE m.member = r.oid) AS member_of,"
                + " c.clinic_id, c.all_clinics"
                + " FROM pg_roles r LEFT JOIN public.clinic_roles c ON c.role_name = r.rolname"
                + " WHERE r.rolname = ?")) {
            q.setString(1, roleName);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                if (r.getBoolean("privileged")) {
                    throw new IllegalStateException(roleName + " is a superuser or bypasses row-level security");
                }
                if (r.getString("member_of") != null) {
                    throw new IllegalStateException(roleName + " is a member of " + r.getString("member_of")
                            + "; a clinic role must be a member of no role");
                }
                if (r.getBoolean("all_clinics")) {
                    throw new IllegalStateException(roleName + " is registered for all clinics");
                }
                String registered = r.getString("clinic_id");
                if (registered != null && !registered.equals(clinicId)) {
                    throw new IllegalStateException(roleName + " is registered for another clinic");
                }
            }
        }
    }

    /** The dashboard tables: those with row-level security on (V5). The sink's own tables have none. */
    private static List<String> protectedTables(Connection admin) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = admin.createStatement();
                ResultSet r = s.executeQuery("SELECT quote_ident(c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no table with row-level security: is the database migrated (V5)?");
        }
        return tables;
    }

    private static boolean exists(Connection admin, String roleName) throws SQLException {
        try (PreparedStatement q = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            q.setString(1, roleName);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void execute(Connection admin, String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute(sql);
        }
    }

    private static void requireClinicId(String clinicId) {
        if (clinicId == null || !Ids.PATTERN.matcher(clinicId).matches()) {
            throw new IllegalArgumentException("the clinic id must match " + Ids.PATTERN.pattern());
        }
    }
}
