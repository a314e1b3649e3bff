package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Query;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Sample;

/** The Grafana dashboards and provisioning files, checked without a Grafana. */
class DashboardFilesTest {
    static final String DATASOURCES = "dashboard/grafana/provisioning/datasources/datasources.yaml";
    static final String PROVIDERS = "dashboard/grafana/provisioning/dashboards/dashboards.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Any sample does for the static check; DashboardQueriesOnPostgresTest runs the queries. */
    private static final Sample SAMPLE = Sample.between(
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"))
            .with("clinic", "clinic-berlin")
            .with("client", "c0001");

    static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(PanelQueries.dashboardsDirectory())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> byFile = new TreeMap<>();
        for (Path file : dashboardFiles()) {
            byFile.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
        }
        return byFile;
    }

    static Map<String, String> provisionedDatasourceTypesByUid() throws IOException {
        Map<String, String> byUid = new TreeMap<>();
        for (JsonNode datasource :
                YAML.readTree(Repo.file(DATASOURCES).toFile()).path("datasources")) {
            byUid.put(datasource.path("uid").asText(), datasource.path("type").asText());
        }
        return byUid;
    }

    @Test
    void theFourDashboardsExistWithUniqueUidsAndSchemaVersion39OrLater() throws IOException {
        Map<String, JsonNode> dashboards = dashboards();

        assertThat(dashboards).containsOnlyKeys("client.json", "clinic-overview.json", "cohort.json", "ops.json");
        Set<String> uids = new HashSet<>();
        dashboards.forEach((file, dashboard) -> {
            assertThat(dashboard.path("schemaVersion").asInt()).as(file).isGreaterThanOrEqualTo(39);
            assertThat(dashboard.path("uid").asText())
                    .as(file)
                    .matches("sleepdelta-[a-z-]+")
                    .hasSizeLessThanOrEqualTo(40);
            assertThat(uids.add(dashboard.path("uid").asText()))
                    .as(file + " uid is unique")
                    .isTrue();
            assertThat(dashboard.path("title").asText()).as(file).isNotBlank();
            assertThat(dashboard.path("id").isNull())
                    .as(file + ": id is null, so provisioning assigns one")
                    .isTrue();
        });
    }

    @Test
    void theDatasourcesHaveFixedUidsForPostgresAndPrometheus() throws IOException {
        assertThat(provisionedDatasourceTypesByUid())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "sleepdelta-postgres", "grafana-postgresql-datasource",
                        "sleepdelta-prometheus", "prometheus"));
    }

    @Test
    void everyDatasourceReferenceNamesAProvisionedUidOfTheRightType() throws IOException {
        Map<String, String> provisioned = provisionedDatasourceTypesByUid();
        List<String> problems = new ArrayList<>();
        for (var entry : dashboards().entrySet()) {
            collectDatasourceProblems(entry.getKey(), "", entry.getValue(), provisioned, problems);
            for (JsonNode panel : PanelQueries.panels(entry.getValue())) {
                if (panel.has("targets") && !panel.path("datasource").isObject()) {
                    problems.add(entry.getKey() + ": panel \""
                            + panel.path("title").asText() + "\" has targets but no datasource");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void collectDatasourceProblems(
            String file, String path, JsonNode node, Map<String, String> provisioned, List<String> problems) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String at = path + "/" + field.getKey();
                if (field.getKey().equals("datasource")) {
                    JsonNode ds = field.getValue();
                    String uid = ds.path("uid").asText(null);
                    if (!ds.isObject() || uid == null || !provisioned.containsKey(uid)) {
                        problems.add(
                                file + at + ": " + ds + " is not a provisioned datasource uid " + provisioned.keySet());
                    } else if (!provisioned.get(uid).equals(ds.path("type").asText())) {
                        problems.add(file + at + ": type " + ds.path("type").asText() + " but " + uid + " is "
                                + provisioned.get(uid));
                    }
                } else {
                    collectDatasourceProblems(file, at, field.getValue(), provisioned, problems);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDatasourceProblems(file, path + "/" + i, node.get(i), provisioned, problems);
            }
        }
    }

    @Test
    void noDashboardCarriesExportPlaceholders() throws IOException {
        for (Path file : dashboardFiles()) {
            String text = Files.readString(file);
            assertThat(text).as(file.getFileName().toString()).doesNotContain("${DS_", "__inputs", "__requires");
        }
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() throws IOException {
        dashboards().forEach((file, dashboard) -> {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : PanelQueries.panels(dashboard)) {
                assertThat(ids.add(panel.path("id").asInt()))
                        .as(file + " panel id " + panel.path("id"))
                        .isTrue();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt())
                        .as(file + " " + panel.path("title"))
                        .isBetween(1, 24);
                assertThat(grid.path("h").asInt())
                        .as(file + " " + panel.path("title"))
                        .isPositive();
            }
        });
    }

    @Test
    void everyPostgresQueryNamesOnlyTablesAndColumnsOfTheMigration() {
        Map<String, Set<String>> tables = DashboardTables.fromMigration();
        List<Query> queries = PanelQueries.readAll(PanelQueries.dashboardsDirectory());
        assertThat(queries).hasSizeGreaterThan(20);

        List<String> problems = new ArrayList<>();
        for (Query query : queries) {
            SqlReferences.problems(query.expand(SAMPLE), tables)
                    .forEach(p -> problems.add(query.location() + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theStaticCheckReportsTablesAndColumnsTheMigrationLacks() {
        Map<String, Set<String>> tables = DashboardTables.fromMigration();

        assertThat(SqlReferences.problems("SELECT total_sleep_delta FROM sleep_change", tables))
                .containsExactly("unknown column total_sleep_delta");
        assertThat(SqlReferences.problems("SELECT s.night FROM sleep_change s", tables))
                .containsExactly("column night is not in table sleep_change");
        assertThat(SqlReferences.problems("SELECT count(*) FROM sleep_changes", tables))
                .containsExactly("unknown table sleep_changes");
        assertThat(SqlReferences.problems(
                        "WITH d AS (SELECT night AS n FROM nightly_sleep) SELECT d.n, \"x\" FROM d", tables))
                .isEmpty();
    }

    @Test
    void theMigrationsAreReadAsTwoTablesWithTheirColumns() {
        Map<String, Set<String>> tables = DashboardTables.fromMigration();

        assertThat(tables).containsOnlyKeys("sleep_change", "nightly_sleep");
        assertThat(tables.get("sleep_change"))
                .contains(
                        "metric_window",
                        "first_night",
                        "total_sleep_minutes_delta",
                        "hrv_rmssd_ms_meaningful",
                        "updated_at",
                        // V4 (SleepChangeMetric v2)
                        "total_sleep_minutes_ci_low",
                        "hrv_rmssd_ms_adjusted_ci_high",
                        "sleep_latency_minutes_reliable",
                        "waso_minutes_meets_threshold",
                        "reference_start",
                        "mixed_sources",
                        "definition_version")
                .doesNotContain("primary", "add", "column")
                .hasSize(13 + 9 * 19 + 1 + 4);
        assertThat(tables.get("nightly_sleep"))
                .contains("night", "source", "records_that_night")
                .hasSize(19);
    }

    @Test
    void columnsALaterMigrationAddsCountOnlyForTheDashboardTables() {
        Map<String, Set<String>> tables = DashboardTables.parse("create table t (a int, b text);");

        DashboardTables.addColumns(tables, """
                -- add column commented_out int
                alter table t add column c double precision, add column d integer not null default 0;
                alter table other add column e int;
                update t set c = a;""");

        assertThat(tables).containsOnlyKeys("t");
        assertThat(tables.get("t")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void everyPostgresTimeSeriesQueryReturnsATimeColumn() throws IOException {
        List<String> missing = new ArrayList<>();
        for (var entry : dashboards().entrySet()) {
            for (JsonNode panel : PanelQueries.panels(entry.getValue())) {
                for (JsonNode target : panel.path("targets")) {
                    if (PanelQueries.isPostgres(target.path("datasource"))
                            && "time_series".equals(target.path("format").asText())) {
                        String sql = PanelQueries.expand(
                                target.path("rawSql").asText(), PanelQueries.variables(entry.getValue()), SAMPLE);
                        if (!sql.contains("AS \"time\"")) {
                            missing.add(
                                    entry.getKey() + ": " + panel.path("title").asText());
                        }
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theClientDashboardMarksSessionsFromWeekOneRowsOfSleepChange() throws IOException {
        JsonNode client = dashboards().get("client.json");
        JsonNode annotation = client.path("annotations").path("list").get(0);

        assertThat(annotation.path("datasource").path("uid").asText()).isEqualTo("sleepdelta-postgres");
        assertThat(annotation.path("target").path("rawSql").asText())
                .contains("FROM sleep_change", "first_night", "modality", "session_id", "metric_window = 'WEEK_1'");
        assertThat(client.path("templating").path("list"))
                .extracting(v -> v.path("query").asText())
                .allSatisfy(q -> assertThat(q).contains("FROM nightly_sleep"));
    }

    @Test
    void theCohortAndClinicDashboardsFilterByClinicAndTime() throws IOException {
        for (String file : List.of("cohort.json", "clinic-overview.json")) {
            JsonNode clinic =
                    dashboards().get(file).path("templating").path("list").get(0);
            assertThat(clinic.path("name").asText()).isEqualTo("clinic");
            assertThat(clinic.path("multi").asBoolean())
                    .as(file + " $clinic is multi-value")
                    .isTrue();
            for (Query query :
                    PanelQueries.read(PanelQueries.dashboardsDirectory().resolve(file))) {
                if (query.source() == PanelQueries.Source.PANEL) {
                    assertThat(query.rawSql()).as(query.location()).contains("IN ($clinic)", "$__timeFilter(");
                }
            }
        }
    }

    @Test
    void theDashboardProviderLoadsTheDashboardFolder() throws IOException {
        JsonNode provider =
                YAML.readTree(Repo.file(PROVIDERS).toFile()).path("providers").get(0);

        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo(ComposeFileTest.GRAFANA_DASHBOARDS_MOUNT);
    }
}
