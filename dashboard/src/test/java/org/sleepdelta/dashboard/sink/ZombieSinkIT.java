package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.MetricKey;

/**
 * A sink instance that stalls after reading (a long GC pause) loses its partitions to another instance, which writes
 * newer records; then the stalled one wakes up and tries to write what it read. A real broker and PostgreSQL.
 */
class ZombieSinkIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static TestDatabase database;

    private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    private final String groupId = KafkaTestBroker.uniqueName("sink-zombie");
    private final SinkTopics topics = TestTopics.unique("sleep-change-metrics", "nightly-sleep");
    private final NightKey monday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 2));
    private final NightKey tuesday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 3));
    private final MetricKey week = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);

    @BeforeAll
    static void migrate() {
        database = TestPostgres.freshDatabase("zombie_sink");
        Migrations.run(database.url(), database.user(), null);
    }

    @Test
    void anInstanceThatStalledAndLostItsPartitionsCannotBringBackOlderNightsOrDeletedRows() throws Exception {
        // given: one partition per topic, read by an instance that the group drops after 3 s without a poll
        KafkaTestBroker.createTopics(1, topics.sleepChangeMetrics(), topics.nightlySleep(), topics.clientErasures());
        try (TopicWriter writer = new TopicWriter();
                StallingSink zombie = new StallingSink(
                        RunningSink.settings(database, groupId, Map.of()), topics, Duration.ofSeconds(3))) {
            zombie.start();
            await().atMost(PATIENCE).until(() -> storedOffsets().size() == 2);

            // it reads an older Monday, a Tuesday and a week's metric, and stalls before writing them
            zombie.stallOnceItHasRead(3);
            writer.night(topics.nightlySleep(), monday, SleepData.night(monday, 400));
            writer.night(topics.nightlySleep(), tuesday, SleepData.night(tuesday, 300));
            writer.metric(topics.sleepChangeMetrics(), week, SleepData.metric(week, 1, 1), System.currentTimeMillis());
            writer.flush();
            await().atMost(PATIENCE).until(zombie::stalled);

            try (RunningSink owner = RunningSink.start(database, topics, groupId)) {
                // the group drops the stalled instance and the new one owns every partition (also client-erasures)
                await().atMost(PATIENCE).until(() -> owner.status().assignedPartitions() == 3);
                // newer records: Monday rescored, Tuesday and the week deleted
                writer.night(topics.nightlySleep(), monday, SleepData.night(monday, 415));
                writer.night(topics.nightlySleep(), tuesday, null);
                writer.metric(topics.sleepChangeMetrics(), week, null, System.currentTimeMillis());
                writer.flush();
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(storedOffsets())
                                .containsExactlyInAnyOrderEntriesOf(
                                        Map.of(topics.nightlySleep(), 4L, topics.sleepChangeMetrics(), 2L)));
                assertThat(nights())
                        .containsExactly(Map.of("night", Date.valueOf("2026-03-02"), "total_sleep_minutes", 415.0));

                // when: the stalled instance wakes up and writes what it read
                zombie.release();

                // then: once it has tried, the newer night and both deletions are still there
                await().atMost(PATIENCE)
                        .until(() -> zombie.counter(SinkMetrics.FENCED) > 0 || zombie.batchesWritten() > 0);
                assertThat(nights())
                        .containsExactly(Map.of("night", Date.valueOf("2026-03-02"), "total_sleep_minutes", 415.0));
                assertThat(database.count("select count(*) from sleep_change where clinic_id = ?", clinic))
                        .isZero();
                // because it was fenced off both partitions before writing anything
                assertThat(zombie.counter(SinkMetrics.FENCED)).isEqualTo(2);
                assertThat(zombie.counter(SinkMetrics.UPSERTS)).isZero();
                assertThat(storedOffsets())
                        .containsExactlyInAnyOrderEntriesOf(
                                Map.of(topics.nightlySleep(), 4L, topics.sleepChangeMetrics(), 2L));

                // and the group goes on with both instances: a later record is written
                writer.night(topics.nightlySleep(), tuesday, SleepData.night(tuesday, 320));
                writer.flush();
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(nights())
                                .containsExactly(
                                        Map.of("night", Date.valueOf("2026-03-02"), "total_sleep_minutes", 415.0),
                                        Map.of("night", Date.valueOf("2026-03-03"), "total_sleep_minutes", 320.0)));
            }
        }
    }

    private List<Map<String, Object>> nights() {
        return database.rows(
                "select night, total_sleep_minutes from nightly_sleep where clinic_id = ? order by 1", clinic);
    }

    /** topic → stored next offset, of this test's topics (one partition each). */
    private Map<String, Long> storedOffsets() {
        Map<String, Long> offsets = new HashMap<>();
        database.rows(
                        "select topic, next_offset from sink_offsets where topic in (?, ?)",
                        topics.sleepChangeMetrics(),
                        topics.nightlySleep())
                .forEach(row -> offsets.put((String) row.get("topic"), (Long) row.get("next_offset")));
        return offsets;
    }
}
