package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepMetrics;

/** The mapping of SleepChangeMetric to {@code sleep_change} columns, without a database (BatchWriterIT has one). */
class SleepChangeTableTest {
    /** The only names that are not the field's name in snake_case (V1, V4). */
    private static final Map<String, String> SHORTENED = Map.of(
            "window", "metric_window",
            "meaningfulImprovement", "meaningful",
            "reliableImprovement", "reliable");

    @Test
    void everyFieldOfTheRecordHasItsColumnAndThereAreNoOthers() {
        List<String> expected = new ArrayList<>();
        for (Schema.Field field : SleepChangeMetric.getClassSchema().getFields()) {
            if (!field.name().equals("metrics")) {
                expected.add(column(field.name()));
            }
        }
        for (Schema.Field metric : SleepMetrics.getClassSchema().getFields()) {
            for (Schema.Field stat : MetricStats.getClassSchema().getFields()) {
                expected.add(Column.snakeCase(metric.name()) + "_" + column(stat.name()));
            }
        }

        assertThat(SleepChangeTable.COLUMNS).extracting(Column::name).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected)
                .hasSize(SleepChangeMetric.getClassSchema().getFields().size() - 1 + 9 * 19)
                .contains(
                        "total_sleep_minutes_ci_low",
                        "total_sleep_minutes_reliable",
                        "hrv_rmssd_ms_meets_threshold",
                        "waso_minutes_adjusted_ci_high",
                        "awakenings_reference_n",
                        "reference_start",
                        "reference_end",
                        "mixed_sources",
                        "definition_version");
    }

    @Test
    void theUpsertWritesEveryColumnButTheKeyOnConflict() {
        assertThat(SleepChangeTable.UPSERT)
                .contains("deep_minutes_adjusted_delta = excluded.deep_minutes_adjusted_delta")
                .contains("definition_version = excluded.definition_version")
                .doesNotContain("clinic_id = excluded");
    }

    @Test
    void meetsThresholdOfADefinitionOneRecordIsItsMeaningfulImprovement() {
        MetricStats v1 = MetricStats.newBuilder()
                .setBaselineN(14)
                .setPostN(7)
                .setMeaningfulImprovement(true)
                .build();
        MetricStats v2 = MetricStats.newBuilder(v1)
                .setMeaningfulImprovement(false)
                .setReliableImprovement(false)
                .setMeetsThreshold(true)
                .build();
        MetricStats v2WithoutThreshold =
                MetricStats.newBuilder(v1).setMeaningfulImprovement(null).build();

        assertThat(SleepChangeTable.meetsThreshold(new SleepChangeTable.Stats(v1, 1)))
                .isTrue();
        assertThat(SleepChangeTable.meetsThreshold(new SleepChangeTable.Stats(v2, 2)))
                .isTrue();
        assertThat(SleepChangeTable.meetsThreshold(new SleepChangeTable.Stats(v2WithoutThreshold, 2)))
                .isNull();
        assertThat(SleepChangeTable.meetsThreshold(new SleepChangeTable.Stats(v1, 2)))
                .as("a definition-2 record says it itself")
                .isNull();
    }

    private static String column(String field) {
        return SHORTENED.getOrDefault(field, Column.snakeCase(field));
    }
}
