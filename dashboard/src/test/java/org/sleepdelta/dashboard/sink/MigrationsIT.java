package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;

class MigrationsIT {

    @Test
    void startMigratesAnEmptyDatabaseAndAnotherStartChangesNothing() {
        // given
        TestDatabase database = TestPostgres.freshDatabase("migrations");
        SinkTopics topics = new SinkTopics(KafkaTestBroker.uniqueName("metrics"), KafkaTestBroker.uniqueName("nights"));

        // when
        try (RunningSink first = RunningSink.start(database, topics, KafkaTestBroker.uniqueName("sink"))) {
            assertThat(first.status().running()).isTrue();
        }
        List<Map<String, Object>> historyAfterFirst = history(database);
        try (RunningSink second = RunningSink.start(database, topics, KafkaTestBroker.uniqueName("sink"))) {
            assertThat(second.status().running()).isTrue();
        }

        // then
        assertThat(historyAfterFirst).extracting(row -> row.get("version")).containsExactly("1", "2", "3");
        assertThat(historyAfterFirst).allSatisfy(row -> assertThat(row).containsEntry("success", true));
        assertThat(history(database)).isEqualTo(historyAfterFirst);
        assertThat(database.rows("select table_name from information_schema.tables where table_schema = 'public'"
                        + " order by 1"))
                .extracting(row -> row.get("table_name"))
                .containsExactly(
                        "flyway_schema_history", "nightly_sleep", "sink_offsets", "sink_rejections", "sleep_change");
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
