package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Query;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Sample;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Source;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Variable;

class PanelQueriesTest {
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-31T12:30:00.500Z");
    private static final Sample MARCH = Sample.between(FROM, TO);

    private static final Variable CLINIC_SINGLE = new Variable("clinic", "query", false, false, List.of(), List.of());
    private static final Variable CLINIC_MULTI =
            new Variable("clinic", "query", true, true, List.of(), List.of("$__all"));
    private static final Variable CLIENT = new Variable("client", "query", false, false, List.of(), List.of());
    private static final Variable METRIC = new Variable(
            "metric", "custom", false, false, List.of("total_sleep_minutes", "waso_minutes"), List.of("waso_minutes"));
    private static final Variable WINDOWS =
            new Variable("windows", "custom", true, true, List.of("$__all", "NIGHT_0", "WEEK_1"), List.of("$__all"));

    private static Map<String, Variable> variables(Variable... variables) {
        Map<String, Variable> byName = new LinkedHashMap<>();
        for (Variable v : variables) {
            byName.put(v.name(), v);
        }
        return byName;
    }

    @Test
    void timeFilterBecomesBetweenTwoUtcTimesAndSingleValuesAreEscaped() {
        String sql = "SELECT night FROM nightly_sleep WHERE clinic_id = '$clinic' AND client_id = ${client:sqlstring}"
                + " AND $__timeFilter(night)";

        String expanded = PanelQueries.expand(
                sql,
                variables(CLINIC_SINGLE, CLIENT),
                MARCH.with("clinic", "o'hare").with("client", "c0001"));

        assertThat(expanded)
                .isEqualTo("SELECT night FROM nightly_sleep WHERE clinic_id = 'o''hare' AND client_id = 'c0001'"
                        + " AND night BETWEEN '2026-03-01T00:00:00Z' AND '2026-03-31T12:30:00.5Z'");
    }

    @Test
    void multiValueVariableBecomesAListOfQuotedLiteralsWithOrWithoutSqlstring() {
        String sql = "WHERE clinic_id IN ($clinic) OR clinic_id IN (${clinic:sqlstring}) OR x = '${clinic:raw}'";

        String expanded = PanelQueries.expand(sql, variables(CLINIC_MULTI), MARCH.with("clinic", "a", "b'c"));

        assertThat(expanded).isEqualTo("WHERE clinic_id IN ('a','b''c') OR clinic_id IN ('a','b''c') OR x = 'a,b'c'");
    }

    @Test
    void allOfACustomVariableIsEveryOptionAndAnUnsetCustomVariableTakesItsSavedValue() {
        String sql = "WHERE metric_window IN ($windows) AND m.metric = ${metric:sqlstring}";

        String expanded = PanelQueries.expand(sql, variables(WINDOWS, METRIC), MARCH);

        assertThat(expanded).isEqualTo("WHERE metric_window IN ('NIGHT_0','WEEK_1') AND m.metric = 'waso_minutes'");
    }

    @Test
    void timeGroupAliasBucketsByEpochSecondsLikeGrafana() {
        String sql = "SELECT $__timeGroupAlias(first_night, '1w'), count(*) FROM sleep_change GROUP BY 1 ORDER BY 1";

        String expanded = PanelQueries.expand(sql, Map.of(), MARCH);

        assertThat(expanded)
                .isEqualTo("SELECT floor(extract(epoch from first_night)/604800)*604800 AS \"time\", count(*)"
                        + " FROM sleep_change GROUP BY 1 ORDER BY 1");
    }

    @Test
    void timeGroupIsAliasedOnlyWhenACommaFollowsIt() {
        assertThat(PanelQueries.expand("SELECT $__timeGroup(night, '1d') AS t", Map.of(), MARCH))
                .isEqualTo("SELECT floor(extract(epoch from night)/86400)*86400 AS t");
        assertThat(PanelQueries.expand("SELECT $__timeGroup(night,'1h'), 1", Map.of(), MARCH))
                .isEqualTo("SELECT floor(extract(epoch from night)/3600)*3600 AS \"time\", 1");
    }

    @Test
    void timeFromAndTimeToAreQuotedTimesAndEpochMacrosAreSeconds() {
        String sql =
                "WHERE night >= $__timeFrom() AND night < $__timeTo() AND e BETWEEN $__unixEpochFrom() AND $__unixEpochTo()";

        assertThat(PanelQueries.expand(sql, Map.of(), MARCH))
                .isEqualTo("WHERE night >= '2026-03-01T00:00:00Z'"
                        + " AND night < '2026-03-31T12:30:00.5Z' AND e BETWEEN 1772323200 AND 1774960200");
    }

    @Test
    void intervalsPrintAsGoPrintsAFloat() {
        assertThat(PanelQueries.goFloat(604800)).isEqualTo("604800");
        assertThat(PanelQueries.goFloat(1_209_600)).isEqualTo("1.2096e+06");
        assertThat(PanelQueries.goFloat(0.5)).isEqualTo("0.5");
        assertThat(PanelQueries.goFloat(0.00001)).isEqualTo("1e-05");
        assertThat(PanelQueries.rfc3339Nano(Instant.parse("2026-03-01T10:00:00.120Z")))
                .isEqualTo("2026-03-01T10:00:00.12Z");
    }

    @Test
    void whatGrafanaWouldLeaveUnexpandedIsAnError() {
        assertThatThrownBy(() -> PanelQueries.expand("WHERE x = '$nope'", Map.of(), MARCH))
                .hasMessageContaining("$nope is not a variable");
        assertThatThrownBy(() -> PanelQueries.expand("WHERE client_id = '$client'", variables(CLIENT), MARCH))
                .hasMessageContaining("no sample value for $client");
        assertThatThrownBy(() -> PanelQueries.expand("SELECT $__timeGroupAlias(night, '1M')", Map.of(), MARCH))
                .hasMessageContaining("interval '1M'");
        assertThatThrownBy(() -> PanelQueries.expand("WHERE $__timeFiltre(night)", Map.of(), MARCH))
                .hasMessageContaining("unknown macro $__timeFiltre");
        assertThatThrownBy(() ->
                        PanelQueries.expand("WHERE x = '$client'", variables(CLIENT), MARCH.with("client", "a", "b")))
                .hasMessageContaining("single-value");
    }

    @Test
    void readsPanelVariableAndAnnotationQueriesOfADashboard() {
        List<Query> queries =
                PanelQueries.read(PanelQueries.dashboardsDirectory().resolve("client.json"));

        assertThat(queries).extracting(Query::source).contains(Source.PANEL, Source.VARIABLE, Source.ANNOTATION);
        assertThat(queries)
                .filteredOn(q -> q.source() == Source.VARIABLE)
                .extracting(Query::name)
                .containsExactly("clinic", "client");
        Query annotation = queries.stream()
                .filter(q -> q.source() == Source.ANNOTATION)
                .findFirst()
                .orElseThrow();
        assertThat(annotation.rawSql()).contains("metric_window = 'WEEK_1'");
        assertThat(annotation.location()).isEqualTo("client.json (Client), annotation \"Massage sessions\" (Anno)");

        String sql = annotation.expand(MARCH.with("clinic", "clinic-berlin").with("client", "c0001"));

        assertThat(sql)
                .contains(
                        "clinic_id = 'clinic-berlin'",
                        "client_id = 'c0001'",
                        "first_night BETWEEN '2026-03-01T00:00:00Z' AND '2026-03-31T12:30:00.5Z'");
    }

    @Test
    void anExpansionErrorNamesTheDashboardAndPanel() {
        Query query = PanelQueries.read(PanelQueries.dashboardsDirectory().resolve("client.json")).stream()
                .filter(q -> q.name().equals("Total sleep"))
                .findFirst()
                .orElseThrow();

        assertThatThrownBy(() -> query.expand(MARCH.with("clinic", "clinic-berlin")))
                .hasMessageStartingWith("client.json (Client), panel \"Total sleep\" (A): no sample value for $client");
    }
}
