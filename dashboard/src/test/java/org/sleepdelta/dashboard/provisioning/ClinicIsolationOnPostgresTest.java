package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.sleepdelta.dashboard.tenant.ClinicRoles;
import org.sleepdelta.dashboard.tenant.ClinicRoles.ClinicRole;

/**
 * Per-clinic read isolation (migration V5, {@link ClinicRoles}) on a real PostgreSQL set up as compose does
 * (init.sql, then the migrations as the sink): two clinics' roles, and the SQL a hostile clinic role could send. A
 * clinic-B client id that must never reach role A marks every attempt.
 */
class ClinicIsolationOnPostgresTest {
    private static final String SINK = "sleepdelta_sink";
    private static final String DATABASE = "sleepdelta";
    private static final String A = "clinic_a";
    private static final String B = "clinic_b";
    /** Appears only in clinic B's rows: if role A ever sees it, isolation failed. */
    private static final String B_SECRET = "b-secret-client";

    private static final List<String> TABLES = List.of("nightly_sleep", "sleep_change");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void setUp() throws Exception {
        postgres = EmbeddedPostgres.start();
        ComposeInitScript.run(postgres);
        Flyway.configure()
                .dataSource(postgres.getJdbcUrl(SINK, DATABASE), SINK, "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try (Connection sink = connect(SINK);
                Statement s = sink.createStatement()) {
            for (int day = 0; day < 3; day++) {
                night(s, "clinic-a", "a-client", LocalDate.of(2026, 3, 1).plusDays(day));
            }
            night(s, "clinic-b", B_SECRET, LocalDate.of(2026, 3, 1));
            change(s, "clinic-a", "a-client");
            change(s, "clinic-b", B_SECRET);
            s.execute("INSERT INTO sink_rejections (topic, kafka_partition, kafka_offset, reason, detail, record_value)"
                    + " VALUES ('nightly-sleep', 0, 7, 'UNDECODABLE', 'test', convert_to('" + B_SECRET + "', 'UTF8'))");
            s.execute("INSERT INTO sink_offsets (topic, kafka_partition, next_offset) VALUES ('nightly-sleep', 0, 8)");
            for (String clinic : List.of("clinic-a", "clinic-b")) {
                s.execute("INSERT INTO erasure_audit (erasure_id, clinic_id, action, stage, completed_at, by, detail)"
                        + " VALUES ('erasure-of-" + clinic + "', '" + clinic + "', 'ERASE', 'SINK_ROWS_DELETED', now(),"
                        + " 'sink', '1 sleep_change, 0 nightly_sleep, 0 sink_rejections rows')");
            }
            s.execute("INSERT INTO erasure_outbox (event_key, event_value) VALUES ('erasure-of-clinic-b', '\\x7b7d')");
            s.execute("INSERT INTO erased_clients (client_hash) VALUES (sha256(convert_to('clinic-b/gone', 'UTF8')))");
        }
        try (Connection admin = superuser();
                Statement s = admin.createStatement()) {
            ClinicRoles.register(admin, "clinic-a", A, "a-password".toCharArray());
            ClinicRoles.register(admin, "clinic-b", B, "b-password".toCharArray());
            s.execute("ANALYZE"); // statistics exist, so the pg_stats check below has something to hide
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void night(Statement s, String clinic, String client, LocalDate night) throws SQLException {
        s.execute("INSERT INTO nightly_sleep (clinic_id, client_id, night, source, source_record_id, main_sleep_start,"
                + " main_sleep_end, timezone, total_sleep_minutes, records_that_night) VALUES ('" + clinic + "', '"
                + client + "', '" + night + "', 'OURA', 'oura:" + night + "', '" + night + " 23:00Z', '" + night
                + " 23:00Z'::timestamptz + interval '8 hours', 'UTC', 420, 1)");
    }

    private static void change(Statement s, String clinic, String client) throws SQLException {
        List<String> columns = new ArrayList<>(List.of(
                "clinic_id",
                "client_id",
                "session_id",
                "metric_window",
                "modality",
                "first_night",
                "window_start",
                "window_end",
                "baseline_start",
                "baseline_end",
                "revision",
                "complete"));
        List<String> values = new ArrayList<>(List.of(
                "'" + clinic + "'",
                "'" + client + "'",
                "'s1'",
                "'WEEK_1'",
                "'SWEDISH'",
                "'2026-03-02'",
                "'2026-03-02'",
                "'2026-03-08'",
                "'2026-02-16'",
                "'2026-03-01'",
                "1",
                "true"));
        for (String metric : List.of(
                "total_sleep_minutes",
                "sleep_efficiency_pct",
                "sleep_latency_minutes",
                "waso_minutes",
                "awakenings",
                "deep_minutes",
                "rem_minutes",
                "resting_heart_rate_bpm",
                "hrv_rmssd_ms")) {
            columns.add(metric + "_baseline_n");
            columns.add(metric + "_post_n");
            values.add("14");
            values.add("7");
        }
        s.execute("INSERT INTO sleep_change (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", values)
                + ")");
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl(user, DATABASE), user, "");
    }

    private static Connection superuser() throws SQLException {
        return postgres.getDatabase("postgres", DATABASE).getConnection();
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    private static List<String> clinicsSeen(Statement s) throws SQLException {
        List<String> seen = new ArrayList<>();
        for (String table : TABLES) {
            seen.addAll(strings(s, "SELECT DISTINCT clinic_id || '/' || client_id FROM " + table));
        }
        return seen;
    }

    @Test
    void eachClinicRoleSeesOnlyItsClinicsRowsInEveryDashboardTable() throws SQLException {
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            assertThat(clinicsSeen(s)).containsOnly("clinic-a/a-client").hasSize(TABLES.size());
            assertThat(strings(s, "SELECT count(*) FROM nightly_sleep")).containsExactly("3");
        }
        try (Connection b = connect(B);
                Statement s = b.createStatement()) {
            assertThat(clinicsSeen(s)).containsOnly("clinic-b/" + B_SECRET).hasSize(TABLES.size());
        }
    }

    @Test
    void eachClinicRoleReadsOnlyItsOwnClinicsErasureAudit() throws SQLException {
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            assertThat(strings(s, "SELECT erasure_id FROM erasure_audit")).containsExactly("erasure-of-clinic-a");
        }
        try (Connection b = connect(B);
                Statement s = b.createStatement()) {
            assertThat(strings(s, "SELECT erasure_id FROM erasure_audit")).containsExactly("erasure-of-clinic-b");
        }
    }

    @Test
    void aRoleGrantedSelectButNotRegisteredSeesNoRows() throws SQLException {
        try (Connection admin = superuser();
                Statement s = admin.createStatement()) {
            // e.g. a role an administrator made by hand instead of with ClinicRoles: the policies default to deny
            s.execute("CREATE ROLE unregistered LOGIN");
            s.execute("GRANT CONNECT ON DATABASE sleepdelta TO unregistered");
            s.execute("GRANT USAGE ON SCHEMA public TO unregistered");
            s.execute("GRANT SELECT ON nightly_sleep, sleep_change TO unregistered");
        }
        try (Connection stranger = connect("unregistered");
                Statement s = stranger.createStatement()) {
            assertThat(clinicsSeen(s)).isEmpty();
        }
    }

    @Test
    void grafanaReaderIsTheExplicitCrossClinicRoleButNoLongerReadsTheSinkTables() throws SQLException {
        try (Connection reader = connect("grafana_reader");
                Statement s = reader.createStatement()) {
            assertThat(clinicsSeen(s)).containsOnly("clinic-a/a-client", "clinic-b/" + B_SECRET);
            for (String table : List.of(
                    "sink_rejections",
                    "sink_offsets",
                    "clinic_roles",
                    "erasure_audit",
                    "erasure_outbox",
                    "erased_clients")) {
                assertThatThrownBy(() -> strings(s, "SELECT count(*) FROM " + table))
                        .hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void rowLevelSecurityCoversEveryTableWithAClinicColumn() throws SQLException {
        try (Connection admin = superuser();
                Statement s = admin.createStatement()) {
            // A later migration that adds a clinic table without a policy fails here, not in production.
            assertThat(strings(
                            s,
                            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'clinic_id'"
                                    + " WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity"
                                    // the mapping: no clinic or Grafana role may read it at all
                                    + " AND c.relname <> 'clinic_roles'"))
                    .isEmpty();
            assertThat(strings(s, "SELECT DISTINCT tablename FROM pg_policies ORDER BY 1"))
                    .containsExactly("erasure_audit", "nightly_sleep", "sleep_change");
        }
    }

    @Test
    void changingRoleOrSettingsDoesNotChangeTheClinic() throws SQLException {
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            for (String target : List.of(B, "grafana_reader", SINK, "postgres")) {
                assertThatThrownBy(() -> s.execute("SET ROLE " + target)).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.execute("SET SESSION AUTHORIZATION " + target))
                        .hasMessageContaining("permission denied");
            }
            s.execute("SET app.clinic = 'clinic-b'");
            strings(s, "SELECT set_config('app.clinic_id', 'clinic-b', false)");
            assertThat(clinicsSeen(s)).containsOnly("clinic-a/a-client");
            // set_config('role', ...) is SET ROLE under another name: refused like it
            assertThatThrownBy(() -> strings(s, "SELECT set_config('role', '" + B + "', false)"))
                    .hasMessageContaining("permission denied");
        }
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            s.execute("RESET ROLE");
            s.execute("SET ROLE NONE");
            s.execute("RESET ALL");
            assertThat(clinicsSeen(s)).containsOnly("clinic-a/a-client");
            // the policy's functions answer for the logged-in role only
            assertThat(strings(s, "SELECT public.clinic_of_session()")).containsExactly("clinic-a");
            assertThat(strings(s, "SELECT public.session_reads_all_clinics()")).containsExactly("f");
        }
    }

    @Test
    void theSinkTablesTheMappingAndServerFilesAreClosed() throws SQLException {
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            for (String sql : List.of(
                    "SELECT * FROM sink_rejections",
                    "SELECT * FROM sink_offsets",
                    "SELECT * FROM clinic_roles",
                    "SELECT * FROM erasure_outbox",
                    "SELECT * FROM erased_clients",
                    "SELECT * FROM flyway_schema_history",
                    "SELECT pg_read_file('postgresql.conf')",
                    "SELECT pg_ls_dir('.')",
                    "COPY nightly_sleep TO '/tmp/nightly.csv'",
                    "COPY (SELECT 1) TO PROGRAM 'true'")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void noFunctionViewOrTableCanBeCreatedToEscape() throws SQLException {
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            s.execute("SET default_transaction_read_only = off"); // a session may undo it; the grants must hold
            for (String sql : List.of(
                    "CREATE FUNCTION public.peek() RETURNS SETOF nightly_sleep LANGUAGE sql SECURITY DEFINER"
                            + " AS 'SELECT * FROM nightly_sleep'",
                    "CREATE VIEW public.everything AS SELECT * FROM nightly_sleep",
                    "CREATE TEMP VIEW everything AS SELECT * FROM nightly_sleep",
                    "CREATE FUNCTION pg_temp.peek() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                    "CREATE SCHEMA mine")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void copyReturnsOnlyTheClinicsRows() throws Exception {
        try (Connection a = connect(A)) {
            StringWriter out = new StringWriter();
            a.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY nightly_sleep TO STDOUT", out);
            assertThat(out.toString().lines())
                    .hasSize(3)
                    .allSatisfy(line -> assertThat(line).startsWith("clinic-a\t"));
        }
    }

    @Test
    void errorsPlansAndStatisticsDoNotShowTheOtherClinicsValues() throws SQLException {
        try (Connection a = connect(A);
                Statement s = a.createStatement()) {
            // The policy runs before a caller's condition that could fail (not leakproof): dividing by zero on a
            // clinic-B row would raise an error and so reveal that the row exists.
            assertThat(strings(
                            s,
                            "SELECT count(*) FROM nightly_sleep WHERE 1 / (CASE WHEN client_id = '" + B_SECRET
                                    + "' THEN 0 ELSE 1 END) = 1"))
                    .containsExactly("3");
            // A failing cast quotes the value it failed on: only a visible row's.
            assertThatThrownBy(() -> strings(s, "SELECT client_id::int FROM nightly_sleep"))
                    .hasMessageContaining("a-client")
                    .hasMessageNotContaining(B_SECRET);
            String plan = String.join(
                    "\n",
                    strings(
                            s,
                            "EXPLAIN (ANALYZE, VERBOSE) SELECT * FROM nightly_sleep WHERE client_id = '" + B_SECRET
                                    + "'"));
            assertThat(plan).contains("actual time").contains("rows=0 loops=1");
            // pg_stats would list most common values (client ids); it hides tables whose rows RLS filters.
            assertThat(strings(s, "SELECT attname FROM pg_stats WHERE tablename IN ('nightly_sleep', 'sleep_change')"))
                    .isEmpty();
            // What does remain visible, as to any role of the database: how many rows a table holds in all,
            // every clinic together (catalog statistics; EXPLAIN ANALYZE's rows removed by a filter likewise).
            // A count of the whole table, never a value or a per-clinic count; docs/privacy.md says so.
            assertThat(strings(s, "SELECT reltuples::int FROM pg_class WHERE relname = 'nightly_sleep'"))
                    .containsExactly("4");
            assertThat(plan).contains("Rows Removed by Filter: 4");
        }
    }

    @Test
    void registeringAgainUpdatesTheRoleButNeverWidensIt() throws SQLException {
        try (Connection admin = superuser();
                Statement s = admin.createStatement()) {
            ClinicRole again = ClinicRoles.register(admin, "clinic-a", A, "new-password".toCharArray());
            assertThat(again.created()).isFalse();
            assertThat(again.tables()).containsExactly("erasure_audit", "nightly_sleep", "sleep_change");

            assertThatThrownBy(() -> ClinicRoles.register(admin, "clinic-b", A, "x".toCharArray()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another clinic");
            assertThatThrownBy(() -> ClinicRoles.register(admin, "clinic-a", "grafana_reader", "x".toCharArray()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("all clinics");
            s.execute("CREATE ROLE in_a_group LOGIN IN ROLE grafana_reader");
            assertThatThrownBy(() -> ClinicRoles.register(admin, "clinic-c", "in_a_group", "x".toCharArray()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("member of grafana_reader");
            assertThat(strings(s, "SELECT role_name FROM clinic_roles ORDER BY 1"))
                    .containsExactly(A, B, "grafana_reader");
            assertThat(strings(s, "SELECT clinic_id FROM clinic_roles WHERE role_name = '" + A + "'"))
                    .containsExactly("clinic-a");
        }
    }
}
