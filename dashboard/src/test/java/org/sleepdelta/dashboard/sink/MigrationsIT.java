package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;

class MigrationsIT {

    @Test
    void startMigratesAnEmptyDatabaseAndAnotherStartChangesNothing() {
        // given
        TestDatabase database = TestPostgres.freshDatabase("migrations");
        SinkTopics topics = TestTopics.unique("metrics", "nights");

        // when
        try (RunningSink first = RunningSink.start(database, topics, KafkaTestBroker.uniqueName("sink"))) {
            assertThat(first.status().running()).isTrue();
        }
        List<Map<String, Object>> historyAfterFirst = history(database);
        try (RunningSink second = RunningSink.start(database, topics, KafkaTestBroker.uniqueName("sink"))) {
            assertThat(second.status().running()).isTrue();
        }

        // then
        assertThat(historyAfterFirst)
                .extracting(row -> row.get("version"))
                .containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(historyAfterFirst).allSatisfy(row -> assertThat(row).containsEntry("success", true));
        assertThat(history(database)).isEqualTo(historyAfterFirst);
        assertThat(database.rows("select table_name from information_schema.tables where table_schema = 'public'"
                        + " order by 1"))
                .extracting(row -> row.get("table_name"))
                .containsExactly(
                        "clinic_roles",
                        "erased_clients",
                        "erasure_audit",
                        "erasure_outbox",
                        "flyway_schema_history",
                        "nightly_sleep",
                        "sink_offsets",
                        "sink_rejections",
                        "sleep_change");
    }

    @Test
    void rowsWrittenBeforeV4KeepTheirValuesAndMeetsThresholdIsTheirOldMeaningful() {
        // given: a sink of V3 wrote two definition-1 rows
        TestDatabase database = TestPostgres.freshDatabase("migrations_v4");
        migrate(database, "3");
        String[] metrics = {
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
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (String metric : metrics) {
            columns.append(", ")
                    .append(metric)
                    .append("_baseline_n, ")
                    .append(metric)
                    .append("_post_n");
            values.append(", 14, 7");
        }
        for (String client : List.of("c1", "c2")) {
            database.execute("insert into sleep_change (clinic_id, client_id, session_id, metric_window, modality,"
                    + " first_night, window_start, window_end, baseline_start, baseline_end, revision, complete,"
                    + " total_sleep_minutes_delta, total_sleep_minutes_meaningful" + columns + ") values ('clinic-a', '"
                    + client + "', 's1', 'WEEK_1', 'SWEDISH', date '2026-03-02', date '2026-03-02', date '2026-03-08',"
                    + " date '2026-02-16', date '2026-03-01', 3, true, 21.5, " + client.equals("c1") + values + ")");
        }

        // when
        migrate(database, "4");

        // then
        List<Map<String, Object>> rows = database.rows("select * from sleep_change order by client_id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("revision", 3L)
                .containsEntry("total_sleep_minutes_delta", 21.5)
                .containsEntry("total_sleep_minutes_meaningful", true)
                .containsEntry("total_sleep_minutes_meets_threshold", true)
                .containsEntry("total_sleep_minutes_reliable", null)
                .containsEntry("total_sleep_minutes_ci_low", null)
                .containsEntry("total_sleep_minutes_reference_n", 0)
                .containsEntry("hrv_rmssd_ms_adjusted_ci_high", null)
                .containsEntry("sleep_latency_minutes_meets_threshold", null)
                .containsEntry("reference_start", null)
                .containsEntry("reference_end", null)
                .containsEntry("mixed_sources", false)
                .containsEntry("definition_version", 1);
        assertThat(rows.get(1)).containsEntry("total_sleep_minutes_meets_threshold", false);
    }

    private static void migrate(TestDatabase database, String target) {
        Flyway.configure()
                .dataSource(database.url(), database.user(), null)
                .locations(Migrations.LOCATION)
                .target(target)
                .load()
                .migrate();
    }

    @Test
    void startFailsWithTheUrlButNotThePasswordWhenTheDatabaseCannotBeReached() {
        // given: nothing listens on port 1
        TestDatabase nowhere = new TestDatabase("jdbc:postgresql://127.0.0.1:1/dashboard?connectTimeout=2", "sink");
        RunningSink sink = RunningSink.createWithPassword(nowhere, "pa55word");

        // when / then
        assertThatThrownBy(sink.service::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/dashboard")
                .hasMessageNotContaining("pa55word");
        assertThat(sink.status().running()).isFalse();
        sink.close();
    }

    private static List<Map<String, Object>> history(TestDatabase database) {
        return database.rows("select version, description, checksum, success from flyway_schema_history"
                + " order by installed_rank");
    }
}
