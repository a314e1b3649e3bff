package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.embedded.EmbeddedKafkaBroker;
import org.sleepdelta.schemas.MetricKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12: "a sink that lags past compaction keeps deleted rows for ever". On a broker of its own whose cleaner runs
 * at once, with topics whose tombstones live a second, the sink is stopped, a row's tombstone is written and compacted
 * away with the value it replaced, and the restarted sink keeps the row; {@code --rebuild} ({@link SinkRebuild})
 * removes it and leaves every live row as it was.
 */
class LaggingSinkRebuildIT {
    private static final Logger log = LoggerFactory.getLogger(LaggingSinkRebuildIT.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration COMPACTION_PATIENCE = Duration.ofMinutes(3);
    private static final int PARTITIONS = 2;
    private static final String CLINIC = "clinic-lag";

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static TestDatabase database;

    @BeforeAll
    static void brokerWhoseCleanerRunsAtOnce() {
        broker = EmbeddedKafkaBroker.builder()
                // the cleaner looks for work every 100 ms instead of 15 s
                .brokerProperty("log.cleaner.backoff.ms", "100")
                // a cleaned log's old segments are deleted after 100 ms instead of a minute
                .brokerProperty("log.segment.delete.delay.ms", "100")
                // the cleaner's offset map: 4 MiB is plenty for a few keys, and the broker's heap is small
                .brokerProperty("log.cleaner.dedupe.buffer.size", "4194304")
                .start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        database = TestPostgres.freshDatabase("lagging_sink");
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSinkThatLagsPastCompactionKeepsADeletedRowUntilItIsRebuilt() throws Exception {
        SinkTopics topics = new SinkTopics(
                "sleep-change-metrics-lag", "nightly-sleep-lag", "client-erasures-lag", "erasure-audit-lag");
        Map<String, String> compactedInASecond = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "1000",
                TopicConfig.SEGMENT_MS_CONFIG, "200",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "500");
        admin.createTopics(List.of(
                        new NewTopic(topics.sleepChangeMetrics(), PARTITIONS, (short) 1).configs(compactedInASecond),
                        new NewTopic(topics.nightlySleep(), PARTITIONS, (short) 1).configs(compactedInASecond),
                        new NewTopic(topics.clientErasures(), PARTITIONS, (short) 1),
                        new NewTopic(topics.erasureAudit(), 1, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);
        String groupId = "sink-lag";
        Map<String, String> onThisBroker = Map.of("bootstrap-servers", broker.bootstrapServers());

        MetricKey deleted = SleepData.key(CLINIC, "c-withdrawn", "s1", MetricWindow.WEEK_1);
        List<MetricKey> live = List.of(
                SleepData.key(CLINIC, "c1", "s1", MetricWindow.WEEK_1),
                SleepData.key(CLINIC, "c2", "s1", MetricWindow.NIGHT_0),
                SleepData.key(CLINIC, "c3", "s2", MetricWindow.COURSE_WEEKS_3_4));
        NightKey deletedNight = SleepData.nightKey(CLINIC, "c-withdrawn", LocalDate.of(2026, 3, 2));
        List<NightKey> liveNights = List.of(
                SleepData.nightKey(CLINIC, "c1", LocalDate.of(2026, 3, 2)),
                SleepData.nightKey(CLINIC, "c2", LocalDate.of(2026, 3, 3)));
        long now = System.currentTimeMillis();

        try (TopicWriter writer =
                new TopicWriter(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // given a sink that holds every row
            try (RunningSink sink = RunningSink.start(database, topics, groupId, onThisBroker)) {
                writer.metric(topics.sleepChangeMetrics(), deleted, SleepData.metric(deleted, 1, 1), now);
                for (int i = 0; i < live.size(); i++) {
                    writer.metric(
                            topics.sleepChangeMetrics(), live.get(i), SleepData.metric(live.get(i), 1, 10 + i), now);
                }
                writer.night(topics.nightlySleep(), deletedNight, SleepData.night(deletedNight, 400));
                for (NightKey night : liveNights) {
                    writer.night(topics.nightlySleep(), night, SleepData.night(night, 380));
                }
                writer.flush();
                awaitCaughtUp(topics);
                assertThat(database.count("select count(*) from sleep_change")).isEqualTo(4);
                assertThat(database.count("select count(*) from nightly_sleep")).isEqualTo(3);
                assertThat(sink.status().ready()).isTrue();
            }

            // when, while the sink is down, the client's rows are deleted, and the tombstones compacted away
            writer.metric(topics.sleepChangeMetrics(), deleted, null, now);
            writer.night(topics.nightlySleep(), deletedNight, null);
            writer.flush();
            long tombstonesWritten = System.nanoTime();
            int[] revision = {1};
            await().atMost(COMPACTION_PATIENCE)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        // newer values of the live keys: they roll the segments and make the logs dirty enough to clean
                        revision[0]++;
                        for (int i = 0; i < live.size(); i++) {
                            MetricKey key = live.get(i);
                            writer.metric(
                                    topics.sleepChangeMetrics(),
                                    key,
                                    SleepData.metric(key, revision[0], 10 * revision[0] + i),
                                    now);
                        }
                        for (NightKey night : liveNights) {
                            writer.night(topics.nightlySleep(), night, SleepData.night(night, 380 + revision[0]));
                        }
                        writer.flush();
                        return !keysFromTheBeginning(topics.sleepChangeMetrics())
                                        .contains(deleted.toString())
                                && !keysFromTheBeginning(topics.nightlySleep()).contains(deletedNight.toString());
                    });
            Duration compaction = Duration.ofNanos(System.nanoTime() - tombstonesWritten);
            log.info(
                    "Compaction removed both tombstones and the values they replaced {} ms after they were written"
                            + " ({} revisions of the live keys meanwhile)",
                    compaction.toMillis(),
                    revision[0]);

            // then the restarted sink catches up and still holds the deleted rows: the problem
            try (RunningSink sink = RunningSink.start(database, topics, groupId, onThisBroker)) {
                awaitCaughtUp(topics);
                assertThat(database.count("select count(*) from sleep_change where client_id = ?", deleted.clientId()))
                        .as("the row whose tombstone was compacted away before the sink read it")
                        .isEqualTo(1);
                assertThat(database.count(
                                "select count(*) from nightly_sleep where client_id = ?", deletedNight.clientId()))
                        .isEqualTo(1);
                assertThat(sink.status().ready()).isTrue();
            }
            List<Map<String, Object>> liveMetricsBefore = rows("sleep_change", deleted.clientId());
            List<Map<String, Object>> liveNightsBefore = rows("nightly_sleep", deletedNight.clientId());
            assertThat(liveMetricsBefore).hasSize(live.size());
            assertThat(liveMetricsBefore)
                    .extracting(row -> ((Number) row.get("revision")).longValue())
                    .containsOnly((long) revision[0]);
            assertThat(liveNightsBefore).hasSize(liveNights.size());

            // and a rebuild removes them and leaves every live row as it was
            try (RunningSink sink = RunningSink.create(database, topics, groupId, onThisBroker)) {
                sink.service.start(true);
                awaitCaughtUp(topics);
                assertThat(database.count("select count(*) from sleep_change where client_id = ?", deleted.clientId()))
                        .isZero();
                assertThat(database.count(
                                "select count(*) from nightly_sleep where client_id = ?", deletedNight.clientId()))
                        .isZero();
                assertThat(rows("sleep_change", deleted.clientId())).isEqualTo(liveMetricsBefore);
                assertThat(rows("nightly_sleep", deletedNight.clientId())).isEqualTo(liveNightsBefore);
                assertThat(sink.status().ready()).isTrue();
            }
        }
    }

    @Test
    void aRebuildOfTopicsThatDoNotExistFailsNamingThemAndChangesNothing() {
        TestDatabase empty = TestPostgres.freshDatabase("rebuild_missing");
        SinkTopics missing = new SinkTopics("no-such-metrics", "no-such-nights", "no-such-erasures", "no-such-audit");
        try (RunningSink sink = RunningSink.create(
                empty, missing, "sink-missing", Map.of("bootstrap-servers", broker.bootstrapServers()))) {
            assertThatThrownBy(() -> sink.service.start(true))
                    .isInstanceOf(SinkStartException.class)
                    .hasMessageContaining("(--rebuild)")
                    .hasMessageContaining("no-such-metrics");
            assertThat(sink.status().ready()).isFalse();
        }
        assertThat(empty.count("select count(*) from sink_offsets")).isZero();
    }

    /** Every row but the deleted client's, ordered by key, without {@code updated_at} (the time of the write). */
    private static List<Map<String, Object>> rows(String table, String deletedClient) {
        String order = table.equals("sleep_change")
                ? "clinic_id, client_id, session_id, metric_window"
                : "clinic_id, client_id, night";
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row :
                database.rows("select * from " + table + " where client_id <> ? order by " + order, deletedClient)) {
            Map<String, Object> copy = new HashMap<>(row);
            copy.remove("updated_at");
            rows.add(copy);
        }
        return rows;
    }

    /** Until {@code sink_offsets} holds each partition's end offset: the sink has applied everything written. */
    private static void awaitCaughtUp(SinkTopics topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics.all()) {
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            Map<TopicPartition, Long> stored = new HashMap<>();
            for (Map<String, Object> row :
                    database.rows("select topic, kafka_partition, next_offset from sink_offsets")) {
                stored.put(
                        new TopicPartition((String) row.get("topic"), ((Number) row.get("kafka_partition")).intValue()),
                        ((Number) row.get("next_offset")).longValue());
            }
            ends.forEach((tp, end) -> assertThat(stored.getOrDefault(tp, end == 0 ? 0L : -1L))
                    .as("stored offset of " + tp)
                    .isEqualTo(end));
        });
    }

    /** The keys a reader of {@code topic} from its beginning sees now, tombstones included. */
    private static List<String> keysFromTheBeginning(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + PATIENCE);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(new String(record.key(), StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }
}
