package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Query;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Sample;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Variable;
import org.sleepdelta.dashboard.tenant.ClinicRoles;

/**
 * The compose PostgreSQL set-up and every dashboard query on a real (embedded) PostgreSQL: init.sql as the
 * superuser, the Flyway migrations as the sink's user, then each query of each dashboard, expanded by
 * {@link PanelQueries}, as grafana_reader, over a small data set whose answers are known.
 */
class DashboardQueriesOnPostgresTest {
    private static final String SINK = "sleepdelta_sink";
    private static final String READER = "grafana_reader";
    /** Clinic A's own login role (V5, ClinicRoles): reads clinic-a's rows only. */
    private static final String CLINIC_A = "clinic_a";

    private static final String DATABASE = "sleepdelta";
    private static final String[] METRICS = {
        "total_sleep_minutes",
        "sleep_efficiency_pct",
        "sleep_latency_minutes",
        "waso_minutes",
        "awakenings",
        "deep_minutes",
        "rem_minutes",
        "resting_heart_rate_bpm",
        "hrv_rmssd_ms"
    };
    /** March 2026, as a Grafana time range: the data below lies in it, except what is placed before it on purpose. */
    private static final Sample MARCH = Sample.between(
                    Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-31T23:59:59Z"))
            .with("clinic", "clinic-a", "clinic-b")
            .with("client", "c1");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void setUp() throws Exception {
        postgres = EmbeddedPostgres.start();
        ComposeInitScript.run(postgres);
        Flyway.configure()
                .dataSource(url(SINK), SINK, "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        insertData();
        try (Connection admin = postgres.getDatabase("postgres", DATABASE).getConnection()) {
            ClinicRoles.register(admin, "clinic-a", CLINIC_A, "clinic-a-test".toCharArray());
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String url(String user) {
        return postgres.getJdbcUrl(user, DATABASE);
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(url(user), user, "");
    }

    private static void insertData() throws SQLException {
        try (Connection c = connect(SINK)) {
            LocalDate march1 = LocalDate.of(2026, 3, 1);
            for (int day = 0; day < 31; day++) {
                if (day != 9 && day != 19) { // c1: 29 of 31 nights, Oura then Fitbit
                    night(c, "clinic-a", "c1", march1.plusDays(day), day < 14 ? "OURA" : "FITBIT", 400 + day);
                }
            }
            for (int day = 0; day < 5; day++) {
                night(c, "clinic-a", "c2", march1.plusDays(day), "GARMIN", 380);
            }
            night(c, "clinic-b", "c3", march1, "WITHINGS", 420);
            night(c, "clinic-b", "c3", march1.plusDays(3), "WITHINGS", 410);
            night(c, "clinic-b", "c3", LocalDate.of(2026, 1, 15), "WITHINGS", 300); // outside the range

            // SWEDISH week 1: 10 and 20 (client c1), 30 (c2), 60 (c3, the other clinic); s2's interval is wide
            sessionWindows(c, "clinic-a", "c1", "s1", "SWEDISH", march1.plusDays(2), 10.0, 16.0, 2, true);
            sessionWindows(c, "clinic-a", "c1", "s2", "SWEDISH", march1.plusDays(9), 20.0, 25.0, 2, true);
            sessionWindows(c, "clinic-a", "c2", "s3", "SWEDISH", march1.plusDays(4), 30.0, 16.0, 2, true);
            sessionWindows(c, "clinic-b", "c3", "s4", "SWEDISH", march1.plusDays(3), 60.0, 16.0, 2, true);
            // written by definition 1, before V4: no interval, meaningful meant the threshold alone
            sessionWindows(c, "clinic-a", "c2", "s5", "DEEP_TISSUE", march1.plusDays(1), 5.0, 0, 1, true);
            sessionWindows(c, "clinic-a", "c1", "s6", "SWEDISH", march1.plusDays(20), 999.0, 16.0, 2, false);
            sessionWindows(c, "clinic-a", "c1", "s0", "SWEDISH", LocalDate.of(2026, 1, 10), 999.0, 16.0, 2, true);
        }
    }

    private static void night(
            Connection c, String clinic, String client, LocalDate night, String source, double totalSleep)
            throws SQLException {
        OffsetDateTime start = night.atTime(23, 0).atOffset(ZoneOffset.UTC);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("clinic_id", clinic);
        row.put("client_id", client);
        row.put("night", night);
        row.put("source", source);
        row.put("source_record_id", source.toLowerCase(Locale.ROOT) + ":" + night);
        row.put("main_sleep_start", start);
        row.put("main_sleep_end", start.plusHours(8));
        row.put("timezone", "UTC");
        row.put("total_sleep_minutes", totalSleep);
        row.put("sleep_efficiency_pct", 88.0);
        row.put("sleep_latency_minutes", 14.0);
        row.put("waso_minutes", 30.0);
        row.put("awakenings", 2.0);
        row.put("deep_minutes", source.equals("OURA") ? 80.0 : null);
        row.put("rem_minutes", source.equals("OURA") ? 95.0 : null);
        row.put("hrv_rmssd_ms", source.equals("OURA") ? 44.0 : null);
        row.put("records_that_night", 1);
        insert(c, "nightly_sleep", row);
    }

    /**
     * The three windows of one session; in week 1 every metric's delta as given, meeting the threshold from 15 (as
     * total sleep), and under definition 2 an interval of ± {@code halfWidth}, reliable when it lies above zero, and
     * an adjusted delta 4 below the delta. Definition 1 rows are as V4 leaves the rows written before it.
     */
    private static void sessionWindows(
            Connection c,
            String clinic,
            String client,
            String session,
            String modality,
            LocalDate n0,
            double weekOneDelta,
            double halfWidth,
            int definition,
            boolean complete)
            throws SQLException {
        for (String window : List.of("NIGHT_0", "WEEK_1", "COURSE_WEEKS_3_4")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("clinic_id", clinic);
            row.put("client_id", client);
            row.put("session_id", session);
            row.put("metric_window", window);
            row.put("modality", modality);
            row.put("first_night", n0);
            row.put("window_start", n0);
            row.put("window_end", n0.plusDays(6));
            row.put("baseline_start", n0.minusDays(14));
            row.put("baseline_end", n0.minusDays(1));
            row.put("revision", 1L);
            row.put("complete", complete);
            row.put("definition_version", definition);
            if (definition >= 2) {
                row.put("reference_start", n0.minusDays(42));
                row.put("reference_end", n0.minusDays(15));
                row.put("mixed_sources", session.equals("s3"));
            }
            for (String metric : METRICS) {
                row.put(metric + "_baseline_n", 14);
                row.put(metric + "_post_n", 7);
            }
            if (window.equals("WEEK_1")) {
                for (int m = 0; m < METRICS.length; m++) {
                    row.put(METRICS[m] + "_delta", weekOneDelta);
                    Boolean meets = m < 5 ? weekOneDelta >= 15 : null; // five have a threshold
                    row.put(METRICS[m] + "_meets_threshold", meets);
                    if (definition >= 2) {
                        boolean reliable = weekOneDelta - halfWidth > 0;
                        row.put(METRICS[m] + "_ci_low", weekOneDelta - halfWidth);
                        row.put(METRICS[m] + "_ci_high", weekOneDelta + halfWidth);
                        row.put(METRICS[m] + "_reliable", reliable);
                        row.put(METRICS[m] + "_meaningful", meets == null ? null : reliable && meets);
                        row.put(METRICS[m] + "_autocorrelation", 0.2);
                        row.put(METRICS[m] + "_reference_n", 28);
                        row.put(METRICS[m] + "_reference_mean", 400.0);
                        row.put(METRICS[m] + "_adjusted_delta", weekOneDelta - 4);
                        row.put(METRICS[m] + "_adjusted_ci_low", weekOneDelta - 4 - halfWidth);
                        row.put(METRICS[m] + "_adjusted_ci_high", weekOneDelta - 4 + halfWidth);
                    } else {
                        row.put(METRICS[m] + "_meaningful", meets);
                    }
                }
            }
            insert(c, "sleep_change", row);
        }
    }

    private static void insert(Connection c, String table, Map<String, Object> row) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                + String.join(", ", row.keySet().stream().map(k -> "?").toList()) + ")";
        try (var statement = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : row.values()) {
                statement.setObject(i++, value);
            }
            statement.executeUpdate();
        }
    }

    private static List<Map<String, Object>> query(String user, String sql) throws SQLException {
        try (Connection c = connect(user);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Query panel(String file, String title) {
        return PanelQueries.read(PanelQueries.dashboardsDirectory().resolve(file)).stream()
                .filter(q -> q.name().equals(title))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no panel " + title));
    }

    /** The base sample with every combination of the custom variables' options (the metric, in- or excluding ...). */
    private static List<Sample> samples(Query query) {
        Sample base = MARCH;
        for (Variable variable : query.variables().values()) {
            List<String> values = base.values().get(variable.name());
            if (values != null && values.size() > 1 && !variable.multi()) {
                base = base.with(variable.name(), values.get(0)); // the Client dashboard shows one clinic
            }
        }
        return query.withEveryCustomOption(base);
    }

    @Test
    void embeddedServerRunsTheMajorVersionComposeRuns() throws SQLException {
        Matcher image = Pattern.compile("(?m)^\\s*image:\\s*postgres:(\\d+)").matcher(Repo.read("docker-compose.yml"));
        assertThat(image.find())
                .as("a postgres:<major> image in docker-compose.yml")
                .isTrue();

        try (Connection c = connect(SINK);
                Statement statement = c.createStatement();
                ResultSet version = statement.executeQuery("show server_version_num")) {
            version.next();
            assertThat(version.getInt(1) / 10_000).isEqualTo(Integer.parseInt(image.group(1)));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDashboardQueryRunsAsGrafanaReaderAndFindsTheSampleData() {
        List<Query> queries = PanelQueries.readAll(PanelQueries.dashboardsDirectory());
        assertThat(queries).hasSizeGreaterThan(20);
        return queries.stream()
                .flatMap(query -> samples(query).stream()
                        .map(sample -> DynamicTest.dynamicTest(query.location() + " " + sample.values(), () -> {
                            List<Map<String, Object>> rows = query(READER, query.expand(sample));
                            assertThat(rows).as("rows of " + query.location()).isNotEmpty();
                        })));
    }

    /**
     * The same queries as a clinic's own role: each still finds rows (clinic-a holds data for every panel), now only
     * clinic-a's, whatever clinics the dashboard variables select.
     */
    @TestFactory
    Stream<DynamicTest> everyDashboardQueryRunsAsAClinicRoleAndFindsThatClinicsData() {
        return PanelQueries.readAll(PanelQueries.dashboardsDirectory()).stream()
                .flatMap(query -> samples(query).stream()
                        .map(sample -> DynamicTest.dynamicTest(query.location() + " " + sample.values(), () -> {
                            List<Map<String, Object>> rows = query(CLINIC_A, query.expand(sample));
                            assertThat(rows).as("rows of " + query.location()).isNotEmpty();
                        })));
    }

    @Test
    void aClinicRoleCountsOnlyItsClinicsNightsAndSessions() throws SQLException {
        assertThat(query(
                        CLINIC_A,
                        "SELECT DISTINCT clinic_id FROM nightly_sleep UNION SELECT clinic_id FROM sleep_change"))
                .containsExactly(Map.of("clinic_id", "clinic-a"));
        Query table = panel("cohort.json", "Δ ${metric} by modality and window");
        List<Map<String, Object>> rows = query(CLINIC_A, table.expand(MARCH.with("metric", "total_sleep_minutes")));
        // SWEDISH week 1 without clinic-b's c3 (delta 60): s1, s2 and s3, two clients
        Map<String, Object> swedish = rows.get(rows.size() - 1);
        assertThat(swedish.get("modality")).isEqualTo("SWEDISH");
        assertThat(number(swedish, "n")).isEqualTo(3);
        assertThat(number(swedish, "clients")).isEqualTo(2);
        assertThat(number(swedish, "mean Δ")).isCloseTo(20, within(1e-9));
    }

    @Test
    void cohortTableGivesMeanNaiveAndClusteredIntervalsAndMeaningfulShare() throws SQLException {
        Query table = panel("cohort.json", "Δ ${metric} by modality and window");

        List<Map<String, Object>> rows = query(READER, table.expand(MARCH.with("metric", "total_sleep_minutes")));

        assertThat(rows)
                .extracting(r -> r.get("modality") + "/" + r.get("window"))
                .containsExactly("DEEP_TISSUE/WEEK_1", "SWEDISH/WEEK_1");
        Map<String, Object> swedish = rows.get(1);
        double[] deltas = {10, 20, 30, 60};
        double mean = 30;
        double sd = Math.sqrt((400 + 100 + 0 + 900) / 3.0);
        assertThat(number(swedish, "n")).isEqualTo(deltas.length);
        assertThat(number(swedish, "clients")).isEqualTo(3);
        assertThat(number(swedish, "mean Δ")).isCloseTo(mean, within(1e-9));
        assertThat(number(swedish, "95% CI low")).isCloseTo(mean - 1.96 * sd / 2, within(1e-9));
        assertThat(number(swedish, "95% CI high")).isCloseTo(mean + 1.96 * sd / 2, within(1e-9));
        // clusters c1 (10, 20), c2 (30), c3 (60): residual sums -30, 0, 30 -> se = sqrt(3/2 * 1800) / 4
        double se = Math.sqrt(3.0 / 2 * 1800) / 4;
        double t = studentT975(2);
        assertThat(t)
                .isCloseTo(4.30, within(0.15)); // Cornish-Fisher, as in the demo: 4.17 for 4.30 at 2 degrees of freedom
        assertThat(number(swedish, "clustered CI low")).isCloseTo(mean - t * se, within(1e-9));
        assertThat(number(swedish, "clustered CI high")).isCloseTo(mean + t * se, within(1e-9));
        // 20 (s2) meets the threshold, but its interval [-5, 45] spans zero: not reliable, so not meaningful
        assertThat(number(swedish, "meets threshold %")).isCloseTo(75, within(1e-9));
        assertThat(number(swedish, "reliable %")).isCloseTo(50, within(1e-9));
        assertThat(number(swedish, "meaningful improvement %")).isCloseTo(50, within(1e-9));
        assertThat(number(swedish, "mean adjusted Δ (vs weeks before)")).isCloseTo(mean - 4, within(1e-9));
        assertThat(number(swedish, "mean ± of one window (95% CI)")).isCloseTo((16 + 25 + 16 + 16) / 4.0, within(1e-9));

        Map<String, Object> deepTissue = rows.get(0);
        assertThat(number(deepTissue, "n")).isEqualTo(1);
        assertThat(deepTissue.get("95% CI low"))
                .as("no interval from one session")
                .isNull();
        assertThat(deepTissue.get("clustered CI low"))
                .as("no interval from one client")
                .isNull();
        assertThat(number(deepTissue, "meets threshold %"))
                .as("definition 1: its meaningful, copied by V4")
                .isZero();
        assertThat(deepTissue.get("meaningful improvement %"))
                .as("no window of definition 2")
                .isNull();
        assertThat(deepTissue.get("reliable %")).isNull();
        assertThat(deepTissue.get("mean adjusted Δ (vs weeks before)")).isNull();
    }

    @Test
    void meaningfulImprovementsByModalityCountDefinitionTwoWindowsOnly() throws SQLException {
        Query chart = panel("cohort.json", "Meaningful improvements (${metric}) by modality");

        List<Map<String, Object>> rows = query(READER, chart.expand(MARCH.with("metric", "total_sleep_minutes")));

        assertThat(rows).extracting(r -> r.get("modality")).containsExactly("DEEP_TISSUE", "SWEDISH");
        assertThat(rows.get(0).get("WEEK_1")).isNull();
        assertThat(number(rows.get(1), "WEEK_1")).isCloseTo(50, within(1e-9));
    }

    @Test
    void theClientTableShowsTheIntervalAdjustedChangeAndVerdictsNextToDelta() throws SQLException {
        Query table = panel("client.json", "Change after each session");

        List<Map<String, Object>> rows = query(READER, table.expand(MARCH.with("clinic", "clinic-a")));

        assertThat(rows)
                .first()
                .satisfies(r -> assertThat(r.keySet())
                        .containsSubsequence(
                                "Δ TST (min)",
                                "95 % CI",
                                "adjusted Δ (vs weeks before)",
                                "adjusted 95 % CI",
                                "reliable",
                                "meets threshold",
                                "meaningful",
                                "mixed sources"));
        Map<String, Object> s2 = weekOne(rows, "s2");
        assertThat(number(s2, "Δ TST (min)")).isEqualTo(20);
        assertThat(s2)
                .containsEntry("95 % CI", "[-5.0, 45.0]")
                .containsEntry("adjusted 95 % CI", "[-9.0, 41.0]")
                .containsEntry("reliable", false)
                .containsEntry("meets threshold", true)
                .containsEntry("meaningful", false)
                .containsEntry("mixed sources", false)
                .containsEntry("definition", 2);
        assertThat(number(s2, "adjusted Δ (vs weeks before)")).isEqualTo(16);
        assertThat(weekOne(rows, "s1")).containsEntry("reliable", false).containsEntry("meaningful", false);
        List<Map<String, Object>> c2 =
                query(READER, table.expand(MARCH.with("clinic", "clinic-a").with("client", "c2")));
        assertThat(weekOne(c2, "s3"))
                .containsEntry("reliable", true)
                .containsEntry("meaningful", true)
                .containsEntry("mixed sources", true);
        assertThat(weekOne(c2, "s5"))
                .as("definition 1: no interval, and meaningful meant something else")
                .containsEntry("95 % CI", null)
                .containsEntry("meets threshold", false)
                .containsEntry("meaningful", null)
                .containsEntry("mixed sources", null)
                .containsEntry("definition", 1);
    }

    private static Map<String, Object> weekOne(List<Map<String, Object>> rows, String session) {
        return rows.stream()
                .filter(r -> r.get("session").equals(session) && r.get("window").equals("WEEK_1"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no WEEK_1 row of " + session));
    }

    @Test
    void cohortIncludesIncompleteWindowsOnlyWhenAskedAndFiltersByClinic() throws SQLException {
        Query table = panel("cohort.json", "Δ ${metric} by modality and window");

        List<Map<String, Object>> all = query(
                READER, table.expand(MARCH.with("metric", "total_sleep_minutes").with("incomplete", "include")));
        List<Map<String, Object>> clinicB = query(
                READER, table.expand(MARCH.with("metric", "total_sleep_minutes").with("clinic", "clinic-b")));

        assertThat(all)
                .filteredOn(r -> r.get("modality").equals("SWEDISH"))
                .extracting(r -> number(r, "n"))
                .containsExactly(5.0);
        assertThat(clinicB)
                .singleElement()
                .satisfies(r -> assertThat(number(r, "mean Δ")).isEqualTo(60));
    }

    /** Estimate.tQuantile975 of the demo's summary (cli), which the clustered interval reproduces. */
    private static double studentT975(int df) {
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        return z
                + (z3 + z) / (4.0 * df)
                + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
    }

    private static double number(Map<String, Object> row, String column) {
        assertThat(row).containsKey(column);
        return ((Number) row.get(column)).doubleValue();
    }

    @Test
    void clinicCompletenessCountsNightsBetweenEachClientsFirstAndLastNight() throws SQLException {
        List<Map<String, Object>> rows = query(
                READER,
                panel("clinic-overview.json", "Data completeness by clinic").expand(MARCH));

        assertThat(rows).extracting(r -> r.get("clinic")).containsExactly("clinic-a", "clinic-b");
        assertThat(number(rows.get(0), "nights present")).isEqualTo(34); // c1 29 of 31, c2 5 of 5
        assertThat(number(rows.get(0), "completeness %")).isCloseTo(100.0 * 34 / 36, within(1e-9));
        assertThat(number(rows.get(1), "completeness %")).isCloseTo(50, within(1e-9)); // 1 and 4 March
        assertThat(number(rows.get(1), "active clients")).isEqualTo(1);
    }

    @Test
    void sourceCompletenessSharesTheNightsAndCountsWhichValuesEachSourceSends() throws SQLException {
        List<Map<String, Object>> rows = query(
                READER,
                panel("clinic-overview.json", "Data completeness by source").expand(MARCH));

        assertThat(rows).extracting(r -> r.get("source")).containsExactly("FITBIT", "OURA", "GARMIN", "WITHINGS");
        assertThat(rows)
                .extracting(r -> number(r, "share of nights %"))
                .containsExactly(100.0 * 16 / 36, 100.0 * 13 / 36, 100.0 * 5 / 36, 100.0 * 2 / 36);
        assertThat(number(rows.get(1), "with HRV %")).isEqualTo(100);
        assertThat(number(rows.get(0), "with HRV %")).isZero();
    }

    @Test
    void sessionAnnotationsSitAtMidnightUtcOfTheFirstNight() throws SQLException {
        Query annotation = PanelQueries.read(PanelQueries.dashboardsDirectory().resolve("client.json")).stream()
                .filter(q -> q.source() == PanelQueries.Source.ANNOTATION)
                .findFirst()
                .orElseThrow();

        List<Map<String, Object>> rows = query(READER, annotation.expand(MARCH.with("clinic", "clinic-a")));

        assertThat(rows).hasSize(3); // s1, s2 and the incomplete s6; s0 is before the range
        assertThat(((Timestamp) rows.get(0).get("time")).toInstant()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(rows.get(0).get("text")).isEqualTo("SWEDISH session s1 - week 1 Δ total sleep: 10.0 min");
        assertThat(rows.get(0).get("tags")).isEqualTo("SWEDISH");
    }

    @Test
    void theTimeFilterOnADateColumnKeepsTheNightsOfTheRangeOnly() throws SQLException {
        Query nights = panel("client.json", "Nights with sleep data");

        assertThat(number(
                        query(
                                        READER,
                                        nights.expand(
                                                MARCH.with("clinic", "clinic-b").with("client", "c3")))
                                .get(0),
                        "nights"))
                .isEqualTo(2);
        Sample fourDays = new Sample(
                Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-05T09:00:00Z"), MARCH.values());
        assertThat(number(
                        query(READER, nights.expand(fourDays.with("clinic", "clinic-a")))
                                .get(0),
                        "nights"))
                .isEqualTo(4);
    }

    @Test
    void grafanaReaderReadsTheTablesButCannotWriteOrCreate() throws SQLException {
        assertThat(query(READER, "SELECT count(*) AS n FROM sleep_change")).isNotEmpty();
        assertThat(query(READER, "SHOW default_transaction_read_only").get(0).values())
                .containsExactly("on");
        assertThat(query(READER, "SHOW statement_timeout").get(0).values()).containsExactly("30s");

        try (Connection c = connect(READER);
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM nightly_sleep"))
                    .hasMessageContaining("read-only transaction");
            s.execute("SET default_transaction_read_only = off"); // a session may undo it; the grants still hold
            assertThatThrownBy(() -> s.execute("DELETE FROM nightly_sleep")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("CREATE TABLE mine (x int)")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void tablesTheSinkCreatesLaterAreReadableByGrafanaReader() throws SQLException {
        try (Connection c = connect(SINK);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE created_by_a_later_migration (x int)");
            s.execute("INSERT INTO created_by_a_later_migration VALUES (7)");
        }
        try {
            assertThat(query(READER, "SELECT x FROM created_by_a_later_migration"))
                    .containsExactly(Map.of("x", 7));
        } finally {
            try (Connection c = connect(SINK);
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE created_by_a_later_migration");
            }
        }
    }

    @Test
    void onlyTheSinkAndGrafanaReaderMayConnect() throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", "postgres").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE stranger LOGIN");
        }
        assertThatThrownBy(() -> connect("stranger").close()).hasMessageContaining("permission denied for database");
    }
}
