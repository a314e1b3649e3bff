package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** prometheus.yml, alerts.yml and expected-metrics.txt, and the PromQL of the Ops dashboard. */
class PrometheusFilesTest {
    static final String EXPECTED_METRICS = "dashboard/prometheus/expected-metrics.txt";
    private static final YAMLMapper YAML = new YAMLMapper();

    static List<String> expectedMetrics() {
        return Repo.read(EXPECTED_METRICS).lines().toList();
    }

    /** Every PromQL expression of the dashboards and alert rules, by where it is. */
    static Map<String, String> promQlExpressions() throws IOException {
        Map<String, String> expressions = new TreeMap<>();
        for (var entry : DashboardFilesTest.dashboards().entrySet()) {
            for (JsonNode panel : PanelQueries.panels(entry.getValue())) {
                for (JsonNode target : panel.path("targets")) {
                    if ("prometheus"
                            .equals(target.path("datasource").path("type").asText())) {
                        expressions.put(
                                entry.getKey() + " \"" + panel.path("title").asText() + "\" "
                                        + target.path("refId").asText(),
                                target.path("expr").asText());
                    }
                }
            }
            for (JsonNode variable : entry.getValue().path("templating").path("list")) {
                if ("prometheus".equals(variable.path("datasource").path("type").asText())) {
                    JsonNode query = variable.path("query");
                    expressions.put(
                            entry.getKey() + " $" + variable.path("name").asText(),
                            query.isTextual()
                                    ? query.asText()
                                    : query.path("query").asText());
                }
            }
        }
        for (JsonNode group : YAML.readTree(
                        Repo.file("dashboard/prometheus/alerts.yml").toFile())
                .path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(
                        "alerts.yml "
                                + rule.path("alert").asText(rule.path("record").asText()),
                        rule.path("expr").asText());
            }
        }
        return expressions;
    }

    @Test
    void expectedMetricsListsOneMetricNamePerLineOnceWithoutHistogramSuffixes() {
        List<String> names = expectedMetrics();

        assertThat(names)
                .isNotEmpty()
                .doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), "a metric name")
                .noneMatch(n -> n.endsWith("_bucket") || n.endsWith("_count") || n.endsWith("_sum"));
        assertThat(names).noneMatch(PromQl.PROMETHEUS_SERIES::contains);
    }

    @Test
    void everyMetricTheDashboardsAndAlertsReadIsListedAsExpected() throws IOException {
        Set<String> listed = new TreeSet<>(expectedMetrics());
        List<String> unlisted = new ArrayList<>();
        promQlExpressions().forEach((where, expr) -> {
            for (String name : PromQl.metricNames(expr)) {
                if (!PromQl.PROMETHEUS_SERIES.contains(name) && !listed.contains(PromQl.listedName(name, listed))) {
                    unlisted.add(where + ": " + name);
                }
            }
        });
        assertThat(unlisted).isEmpty();
    }

    @Test
    void everyListedMetricIsReadBySomeDashboardOrAlert() throws IOException {
        Set<String> listed = new TreeSet<>(expectedMetrics());
        Set<String> used = new TreeSet<>();
        for (String expr : promQlExpressions().values()) {
            PromQl.metricNames(expr).forEach(name -> used.add(PromQl.listedName(name, listed)));
        }
        assertThat(used).containsAll(listed);
    }

    @Test
    void metricNamesAreFoundInsideFunctionsAndAggregationsButLabelsAndFunctionsAreNot() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (endpoint, le) "
                                        + "(rate(sleepdelta_ingest_requests_seconds_bucket{status=~\"4..|5..\", x=\"a}b\"}[$__rate_interval])))"))
                .containsExactly("sleepdelta_ingest_requests_seconds_bucket");
        assertThat(PromQl.metricNames(
                        "(time() - sleepdelta_sink_last_commit_timestamp_seconds) > 300 and on (job, instance) "
                                + "sleepdelta_sink_lag_records offset 5m > 0"))
                .containsExactly("sleepdelta_sink_last_commit_timestamp_seconds", "sleepdelta_sink_lag_records");
        assertThat(PromQl.metricNames(
                        "sum by (reason) (rate(a_total[5m])) / ignoring (reason) group_left sum(rate(b_total[5m]))"))
                .containsExactly("a_total", "b_total");
        assertThat(PromQl.listedName("jvm_gc_pause_seconds_sum", Set.of("jvm_gc_pause_seconds")))
                .isEqualTo("jvm_gc_pause_seconds");
        assertThat(PromQl.listedName("kafka_producer_record_send_total", Set.of("kafka_producer_record_send")))
                .isEqualTo("kafka_producer_record_send_total");
    }

    @Test
    void theFourRequiredAlertsExistWithSeverityAndSummary() throws IOException {
        Map<String, JsonNode> rules = new TreeMap<>();
        for (JsonNode group : YAML.readTree(
                        Repo.file("dashboard/prometheus/alerts.yml").toFile())
                .path("groups")) {
            group.path("rules").forEach(rule -> rules.put(rule.path("alert").asText(), rule));
        }
        assertThat(rules)
                .containsKeys(
                        "SleepdeltaConsumerLagGrowing",
                        "SleepdeltaIngestRejectionSpike",
                        "SleepdeltaStreamsRejectionSpike",
                        "SleepdeltaStreamsNotRunning",
                        "SleepdeltaSinkStalled");
        rules.forEach((name, rule) -> {
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("page", "warn");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(name)
                    .isNotBlank();
        });
        assertThat(rules.get("SleepdeltaSinkStalled").path("expr").asText())
                .contains("time() - sleepdelta_sink_last_commit_timestamp_seconds", "sleepdelta_sink_lag_records > 0");
        assertThat(rules.get("SleepdeltaStreamsNotRunning").path("expr").asText())
                .contains("sleepdelta_streams_running == 0");
    }

    @Test
    void prometheusLoadsTheRuleFilesThatExist() throws IOException {
        JsonNode config =
                YAML.readTree(Repo.file("dashboard/prometheus/prometheus.yml").toFile());
        Set<String> ruleFiles = new LinkedHashSet<>();
        config.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));

        assertThat(ruleFiles).containsExactly("alerts.yml");
        assertThat(Repo.file("dashboard/prometheus/alerts.yml")).isRegularFile();
        assertThat(Repo.file("dashboard/prometheus/alerts-test.yml")).content().contains("- alerts.yml");
        assertThat(Repo.file("dashboard/prometheus/alerts-test-days.yml"))
                .content()
                .contains("- alerts.yml");
    }
}
