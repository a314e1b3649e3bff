package org.sleepdelta.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static BenchReport report() {
        BenchReport report = new BenchReport(Map.of("cores", "2"));
        report.setting("mode", "default");
        report.add("limit", "producer", 123_456.7, "records/s", "plain producer");
        report.add("backfill", "ratio", 0.0751, "ratio", null);
        report.add("freshness", "freshness", Double.NaN, "", "not available: not merged yet");
        return report;
    }

    @Test
    void tableHasTheEnvironmentSettingsAndOneLinePerRow() {
        String table = report().table();

        assertThat(table).contains("cores: 2", "mode: default");
        assertThat(table.lines().filter(l -> l.startsWith("limit ")))
                .singleElement()
                .asString()
                .contains("producer", "123,457", "records/s", "plain producer");
        assertThat(table).contains("0.075").contains("not available: not merged yet");
    }

    @Test
    void jsonHasEveryRowAndAnUnmeasuredValueIsNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().json());

        assertThat(json.get("environment").get("cores").asText()).isEqualTo("2");
        assertThat(json.get("settings").get("mode").asText()).isEqualTo("default");
        assertThat(json.get("rows")).hasSize(3);
        assertThat(json.get("rows").get(0).get("value").asDouble()).isEqualTo(123_456.7);
        assertThat(json.get("rows").get(1).get("note").asText()).isEmpty();
        assertThat(json.get("rows").get(2).get("value").isNull()).isTrue();
    }

    @Test
    void numbersAreWholeFromOneHundredAndKeepThreeDecimalsBelow() {
        assertThat(BenchReport.formatted(8_190.4)).isEqualTo("8,190");
        assertThat(BenchReport.formatted(12)).isEqualTo("12");
        assertThat(BenchReport.formatted(0.0751)).isEqualTo("0.075");
        assertThat(BenchReport.formatted(Double.NaN)).isEqualTo("-");
    }
}
