package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.codec.Codecs;

/** The sink as deployed: a real broker, a real PostgreSQL, its own thread, offsets in the consumer group. */
class SinkServiceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static TestDatabase database;

    private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    private final String groupId = KafkaTestBroker.uniqueName("sink-test");
    private SinkTopics topics;

    @BeforeAll
    static void freshDatabase() {
        database = TestPostgres.freshDatabase("sink_service");
        // Tests that change the tables before the sink starts need them there, whichever test runs first.
        Migrations.run(database.url(), database.user(), null);
    }

    @BeforeEach
    void freshTopics() {
        topics = TestTopics.unique("sleep-change-metrics", "nightly-sleep");
        KafkaTestBroker.createTopics(3, topics.sleepChangeMetrics(), topics.nightlySleep(), topics.clientErasures());
    }

    @Test
    void revisionsTombstonesAndNightsReachTheTablesAndTheirOffsetsAreCommitted() {
        // given
        MetricKey week = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        MetricKey night0 = SleepData.key(clinic, "c1", "s1", MetricWindow.NIGHT_0);
        MetricKey cancelled = SleepData.key(clinic, "c2", "s7", MetricWindow.WEEK_1);
        NightKey monday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 2));
        NightKey tuesday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 3));
        long now = System.currentTimeMillis();
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            // when
            writer.metric(topics.sleepChangeMetrics(), week, SleepData.metric(week, 1, 1), now);
            writer.metric(topics.sleepChangeMetrics(), week, SleepData.metric(week, 2, 2), now);
            writer.metric(topics.sleepChangeMetrics(), night0, SleepData.metric(night0, 1, 3), now);
            writer.metric(topics.sleepChangeMetrics(), cancelled, SleepData.metric(cancelled, 1, 4), now);
            writer.metric(topics.sleepChangeMetrics(), cancelled, null, now);
            writer.night(topics.nightlySleep(), monday, SleepData.night(monday, 400));
            writer.night(topics.nightlySleep(), monday, SleepData.night(monday, 415));
            writer.night(topics.nightlySleep(), tuesday, SleepData.night(tuesday, 390));
            writer.night(topics.nightlySleep(), tuesday, null);
            writer.flush();

            // then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(9));
            assertThat(revisions()).containsExactlyInAnyOrderEntriesOf(Map.of("c1/s1/WEEK_1", 2L, "c1/s1/NIGHT_0", 1L));
            assertThat(database.rows(
                            "select night, total_sleep_minutes from nightly_sleep where clinic_id = ?", clinic))
                    .containsExactly(Map.of("night", Date.valueOf("2026-03-02"), "total_sleep_minutes", 415.0));
            assertThat(sink.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(4);
            assertThat(sink.counter(SinkMetrics.DELETES, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(1);
            assertThat(sink.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "nightly_sleep"))
                    .isEqualTo(3);
            assertThat(sink.counter(SinkMetrics.DELETES, SinkMetrics.TABLE, "nightly_sleep"))
                    .isEqualTo(1);
            assertThat(sink.counter(SinkMetrics.STALE_REVISIONS)).isZero();
        }
    }

    @Test
    void anOlderRevisionArrivingLaterIsSkippedAndCounted() {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            writer.metric(topics.sleepChangeMetrics(), key, SleepData.metric(key, 3, 3), System.currentTimeMillis());
            writer.flush();
            await().atMost(PATIENCE).until(() -> revisions().containsKey("c1/s1/WEEK_1"));

            // when: in a later batch
            writer.metric(topics.sleepChangeMetrics(), key, SleepData.metric(key, 2, 2), System.currentTimeMillis());
            writer.flush();

            // then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(sink.counter(SinkMetrics.STALE_REVISIONS))
                            .isEqualTo(1));
            assertThat(revisions()).containsExactly(Map.entry("c1/s1/WEEK_1", 3L));
            assertThat(committedOffsetTotal()).isEqualTo(2);
        }
    }

    @Test
    void recordsOfAnAbortedTransactionNeverReachTheTables() throws Exception {
        // given
        MetricKey aborted = SleepData.key(clinic, "c1", "aborted", MetricWindow.WEEK_1);
        MetricKey committed = SleepData.key(clinic, "c1", "committed", MetricWindow.WEEK_1);
        try (TopicWriter writer = new TopicWriter(
                        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaTestBroker.uniqueName("sink-test-tx")));
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            KafkaProducer<byte[], byte[]> producer = writer.producer();
            producer.initTransactions();

            // when
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(
                            topics.sleepChangeMetrics(),
                            0,
                            TopicWriter.bytes(aborted.toString()),
                            Codecs.sleepChangeMetric().encode(SleepData.metric(aborted, 1, 1))))
                    .get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(
                    topics.sleepChangeMetrics(),
                    0,
                    TopicWriter.bytes(committed.toString()),
                    Codecs.sleepChangeMetric().encode(SleepData.metric(committed, 1, 1))));
            producer.commitTransaction();

            // then
            await().atMost(PATIENCE).until(() -> revisions().containsKey("c1/committed/WEEK_1"));
            assertThat(revisions()).containsOnlyKeys("c1/committed/WEEK_1");
            assertThat(sink.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(1);
        }
    }

    @Test
    void whileTheDatabaseFailsNoOffsetIsCommittedAndAfterwardsEveryRecordIsAppliedExactlyOnce() {
        // given: one partition; every row the sink writes is also logged by a trigger, in the same transaction;
        // and the database refuses the row of session "poison"
        String applied = "applied_" + clinic.replace('-', '_');
        database.execute("create table " + applied + " (session_id text, revision bigint)");
        database.execute("create function " + applied + "_log() returns trigger language plpgsql as $$ begin"
                + " if new.clinic_id = '" + clinic + "' then"
                + " insert into " + applied + " values (new.session_id, new.revision); end if; return new; end $$");
        database.execute("create trigger " + applied + "_log after insert or update on sleep_change"
                + " for each row execute function " + applied + "_log()");
        database.execute("create function " + applied + "_refuse() returns trigger language plpgsql as $$ begin"
                + " if new.clinic_id = '" + clinic + "' and new.session_id = 'poison' then"
                + " raise exception 'simulated database failure'; end if; return new; end $$");
        database.execute("create trigger " + applied + "_refuse before insert or update on sleep_change"
                + " for each row execute function " + applied + "_refuse()");
        try (LogCapture logs = new LogCapture();
                TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            for (String session : List.of("a", "poison", "b")) {
                MetricKey key = SleepData.key(clinic, "client-x7q", session, MetricWindow.WEEK_1);
                writer.metric(
                        topics.sleepChangeMetrics(), 0, key, SleepData.metric(key, 1, 1), System.currentTimeMillis());
            }
            writer.flush();

            // when: the sink tries, fails and tries again
            await().atMost(PATIENCE).until(() -> sink.counter(SinkMetrics.BATCH_FAILURES) >= 3);

            // then: nothing written, nothing committed, and the stall shows
            assertThat(revisions()).isEmpty();
            assertThat(committedOffsetTotal()).isZero();
            assertThat(sink.gauge(SinkMetrics.LAST_COMMIT)).isZero();
            assertThat(sink.gauge(SinkMetrics.LAG)).isEqualTo(3);
            assertThat(sink.status().databaseReachable()).isTrue();
            assertThat(logs.lines())
                    .anySatisfy(line -> assertThat(line).contains("rolled back"))
                    .noneSatisfy(line -> assertThat(line).containsAnyOf(clinic, "client-x7q", "412.5"));

            // and when: the database is fixed
            database.execute("drop trigger " + applied + "_refuse on sleep_change");

            // then: every record once, and offsets committed
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(3));
            assertThat(revisions())
                    .containsOnlyKeys("client-x7q/a/WEEK_1", "client-x7q/poison/WEEK_1", "client-x7q/b/WEEK_1");
            assertThat(database.rows("select session_id from " + applied))
                    .extracting(row -> row.get("session_id"))
                    .containsExactlyInAnyOrder("a", "poison", "b");
            assertThat(sink.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(3);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(sink.gauge(SinkMetrics.LAG)).isZero());
        } finally {
            database.execute("drop trigger if exists " + applied + "_refuse on sleep_change");
            database.execute("drop trigger if exists " + applied + "_log on sleep_change");
        }
    }

    @Test
    void rowsThePostgresRefusesForGoodGoToSinkRejectionsAfterBoundedRetriesAndTheOthersAreWritten() {
        // given: one partition; a CHECK constraint refuses session "refused" of this clinic (class 23), and session
        // "far-future" ends on a date Avro allows but PostgreSQL's date type cannot hold (class 22, date out of range)
        String constraint = "refuse_" + clinic.replace('-', '_');
        database.execute("alter table sleep_change add constraint " + constraint + " check (clinic_id <> '" + clinic
                + "' or session_id <> 'refused')");
        List<String> sessions = List.of("a", "b", "refused", "c", "d", "far-future", "e");
        try (LogCapture logs = new LogCapture();
                TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId, Map.of("max-row-retries", "1"))) {
            // when
            for (String session : sessions) {
                MetricKey key = SleepData.key(clinic, "client-x7q", session, MetricWindow.WEEK_1);
                SleepChangeMetric metric = SleepData.metric(key, 1, 1);
                if (session.equals("far-future")) {
                    metric.setWindowEnd(LocalDate.ofEpochDay(Integer.MAX_VALUE));
                }
                writer.metric(topics.sleepChangeMetrics(), 0, key, metric, System.currentTimeMillis());
            }
            writer.flush();

            // then: after one retry, the refused rows are set aside and every other row is written, once
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(sessions.size()));
            assertThat(revisions())
                    .containsOnlyKeys(
                            "client-x7q/a/WEEK_1",
                            "client-x7q/b/WEEK_1",
                            "client-x7q/c/WEEK_1",
                            "client-x7q/d/WEEK_1",
                            "client-x7q/e/WEEK_1");
            List<Map<String, Object>> rejections = database.rows(
                    "select kafka_offset, reason, detail, record_value from sink_rejections where topic = ?"
                            + " order by kafka_offset",
                    topics.sleepChangeMetrics());
            assertThat(rejections).extracting(row -> row.get("kafka_offset")).containsExactly(2L, 5L);
            assertThat(rejections).extracting(row -> row.get("reason")).containsOnly("REFUSED_BY_DATABASE");
            assertThat((String) rejections.get(0).get("detail"))
                    .isEqualTo("refused by PostgreSQL for good: SQLState 23514, table sleep_change, constraint "
                            + constraint);
            assertThat((String) rejections.get(1).get("detail"))
                    .startsWith("refused by PostgreSQL for good: SQLState 22");
            assertThat(rejections)
                    .allSatisfy(
                            row -> assertThat((byte[]) row.get("record_value")).isNotEmpty());
            assertThat(sink.counter(SinkMetrics.ROWS_REJECTED, SinkMetrics.REASON, "integrity_constraint"))
                    .isEqualTo(1);
            assertThat(sink.counter(SinkMetrics.ROWS_REJECTED, SinkMetrics.REASON, "data_exception"))
                    .isEqualTo(1);
            assertThat(sink.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(5);
            assertThat(sink.counter(SinkMetrics.BATCH_FAILURES)).isGreaterThanOrEqualTo(2);
            assertThat(logs.lines())
                    .anySatisfy(line -> assertThat(line).contains("refused a transaction"))
                    .noneSatisfy(line -> assertThat(line).containsAnyOf(clinic, "client-x7q", "412.5"));

            // and the partition moves on
            MetricKey later = SleepData.key(clinic, "client-x7q", "later", MetricWindow.WEEK_1);
            writer.metric(
                    topics.sleepChangeMetrics(), 0, later, SleepData.metric(later, 1, 1), System.currentTimeMillis());
            writer.flush();
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(revisions()).containsKey("client-x7q/later/WEEK_1"));
        } finally {
            database.execute("alter table sleep_change drop constraint if exists " + constraint);
        }
    }

    @Test
    void readingEverythingAgainAfterARestartLeavesTheTablesAsTheyWere() {
        // given: revisions, a tombstone and a revision after it, nights replaced and deleted
        MetricKey kept = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        MetricKey reborn = SleepData.key(clinic, "c2", "s2", MetricWindow.NIGHT_0);
        NightKey night = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 2));
        NightKey gone = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 3));
        try (TopicWriter writer = new TopicWriter()) {
            long now = System.currentTimeMillis();
            for (int revision = 1; revision <= 4; revision++) {
                writer.metric(topics.sleepChangeMetrics(), kept, SleepData.metric(kept, revision, revision), now);
            }
            writer.metric(topics.sleepChangeMetrics(), reborn, SleepData.metric(reborn, 1, 1), now);
            writer.metric(topics.sleepChangeMetrics(), reborn, null, now);
            writer.metric(topics.sleepChangeMetrics(), reborn, SleepData.metric(reborn, 2, 9), now);
            writer.night(topics.nightlySleep(), night, SleepData.night(night, 400));
            writer.night(topics.nightlySleep(), night, SleepData.night(night, 420));
            writer.night(topics.nightlySleep(), gone, SleepData.night(gone, 300));
            writer.night(topics.nightlySleep(), gone, null);
            writer.flush();
        }
        List<Map<String, Object>> sleepChangeBefore;
        List<Map<String, Object>> nightlySleepBefore;
        try (RunningSink first = RunningSink.start(database, topics, groupId)) {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(11));
            sleepChangeBefore = rowsWithoutUpdatedAt("sleep_change");
            nightlySleepBefore = rowsWithoutUpdatedAt("nightly_sleep");
            assertThat(first.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(6);
            assertThat(first.counter(SinkMetrics.STALE_REVISIONS)).isZero();
        }
        assertThat(sleepChangeBefore).hasSize(2);
        assertThat(nightlySleepBefore).hasSize(1);

        // when: the tables forget where they stand, and the group starts over from the first offsets
        database.execute("delete from sink_offsets where topic in ('" + topics.sleepChangeMetrics() + "', '"
                + topics.nightlySleep() + "')");
        resetGroupToTheBeginning();
        try (RunningSink second = RunningSink.start(database, topics, groupId)) {
            await().atMost(PATIENCE)
                    .untilAsserted(
                            () -> assertThat(second.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "nightly_sleep"))
                                    .isEqualTo(3));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(11));

            // then
            assertThat(rowsWithoutUpdatedAt("sleep_change")).isEqualTo(sleepChangeBefore);
            assertThat(rowsWithoutUpdatedAt("nightly_sleep")).isEqualTo(nightlySleepBefore);
            assertThat(second.counter(SinkMetrics.STALE_REVISIONS)).isEqualTo(4);
        }
    }

    @Test
    void undecodableRecordsGoToSinkRejectionsAndDoNotBlockTheirPartition() {
        // given
        MetricKey after = SleepData.key(clinic, "c1", "after", MetricWindow.WEEK_1);
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            // when
            writer.raw(topics.sleepChangeMetrics(), 1, TopicWriter.bytes(clinic + "/c1/before/WEEK_1"), garbage);
            writer.raw(topics.nightlySleep(), 1, TopicWriter.bytes("no-night-key"), garbage);
            writer.metric(
                    topics.sleepChangeMetrics(), 1, after, SleepData.metric(after, 1, 1), System.currentTimeMillis());
            writer.flush();

            // then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(3));
            assertThat(revisions()).containsOnlyKeys("c1/after/WEEK_1");
            List<Map<String, Object>> rejections = database.rows(
                    "select topic, kafka_partition, kafka_offset, reason,"
                            + " record_value from sink_rejections where topic in (?, ?) order by topic",
                    topics.sleepChangeMetrics(),
                    topics.nightlySleep());
            assertThat(rejections).hasSize(2);
            assertThat(rejections)
                    .extracting(row -> row.get("reason"))
                    .containsExactlyInAnyOrder("UNDECODABLE", "INVALID_KEY");
            assertThat(rejections)
                    .allSatisfy(
                            row -> assertThat((byte[]) row.get("record_value")).isEqualTo(garbage));
            assertThat(sink.counter(SinkMetrics.UNDECODABLE)).isEqualTo(2);
        }
    }

    @Test
    void rejectionsOlderThanTheRetentionAreDeletedWhenTheSinkStartsAndYoungerOnesKept() {
        // given: rejections of 31 and 29 days ago, and a retention of 30 days
        String topic = topics.nightlySleep();
        database.execute("insert into sink_rejections (topic, kafka_partition, kafka_offset, reason, detail,"
                + " record_value, rejected_at) values ('" + topic + "', 0, 1, 'UNDECODABLE', 'test', '\\x00',"
                + " now() - interval '31 days'), ('" + topic + "', 0, 2, 'UNDECODABLE', 'test', '\\x00',"
                + " now() - interval '29 days')");

        // when
        try (RunningSink sink = RunningSink.start(database, topics, groupId, Map.of("rejections-retention", "30d"))) {
            // then
            await().atMost(PATIENCE)
                    .until(() -> database.count(
                                    "select count(*) from sink_rejections" + " where topic = ? and kafka_offset = 1",
                                    topic)
                            == 0);
            assertThat(database.count(
                            "select count(*) from sink_rejections where topic = ? and kafka_offset = 2", topic))
                    .isEqualTo(1);
        }
    }

    @Test
    void aKilledDatabaseConnectionIsReplacedAndNothingIsLost() {
        // given
        MetricKey first = SleepData.key(clinic, "c1", "first", MetricWindow.WEEK_1);
        MetricKey second = SleepData.key(clinic, "c1", "second", MetricWindow.WEEK_1);
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            writer.metric(
                    topics.sleepChangeMetrics(), first, SleepData.metric(first, 1, 1), System.currentTimeMillis());
            writer.flush();
            await().atMost(PATIENCE).until(() -> revisions().containsKey("c1/first/WEEK_1"));

            // when
            long killed = database.count("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where application_name = 'sleepdelta-sink' and datname = current_database()");
            writer.metric(
                    topics.sleepChangeMetrics(), second, SleepData.metric(second, 1, 1), System.currentTimeMillis());
            writer.flush();

            // then
            assertThat(killed).isPositive();
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(2));
            assertThat(revisions()).containsOnlyKeys("c1/first/WEEK_1", "c1/second/WEEK_1");
            assertThat(sink.counter(SinkMetrics.BATCH_FAILURES)).isPositive();
        }
    }

    @Test
    void gaugesShowLagAndTheLastCommitAndTheLatencyFromIngestIsRecordedPerSleepChange() {
        // given: records ingested two seconds ago
        long ingestedAt = System.currentTimeMillis() - 2_000;
        double startedAt = System.currentTimeMillis() / 1000.0;
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            // when
            for (int i = 0; i < 5; i++) {
                MetricKey key = SleepData.key(clinic, "c" + i, "s1", MetricWindow.WEEK_1);
                writer.metric(topics.sleepChangeMetrics(), key, SleepData.metric(key, 1, i), ingestedAt);
            }
            NightKey night = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 2));
            writer.night(topics.nightlySleep(), night, SleepData.night(night, 400));
            writer.flush();

            // then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(committedOffsetTotal()).isEqualTo(6));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(sink.gauge(SinkMetrics.LAG)).isZero());
            assertThat(sink.gauge(SinkMetrics.LAST_COMMIT)).isBetween(startedAt, System.currentTimeMillis() / 1000.0);
            assertThat(sink.timer(SinkMetrics.END_TO_END_LATENCY).count()).isEqualTo(5);
            assertThat(sink.timer(SinkMetrics.END_TO_END_LATENCY).max(TimeUnit.MILLISECONDS))
                    .isGreaterThanOrEqualTo(2_000);
            assertThat(sink.timer(SinkMetrics.BATCH).count()).isPositive();
        }
    }

    @Test
    void readyOnceTheDatabaseAnswersAndPartitionsAreAssignedAndNotAfterClose() {
        // given
        RunningSink sink = RunningSink.create(database, topics, groupId);
        assertThat(sink.status().ready()).isFalse();

        // when
        sink.service.start();

        // then
        await().atMost(PATIENCE).until(() -> sink.status().ready());
        assertThat(sink.status().assignedPartitions()).isEqualTo(9); // three topics of three partitions

        // and when
        sink.close();

        // then
        assertThat(sink.status()).isEqualTo(new SinkStatus(false, true, 0));
        assertThat(sink.status().ready()).isFalse();
    }

    @Test
    void twoInstancesShareThePartitionsAndTheOneLeftTakesOverWhereTheOtherStopped() {
        // given
        try (TopicWriter writer = new TopicWriter();
                RunningSink survivor = RunningSink.start(database, topics, groupId);
                RunningSink leaving = RunningSink.start(database, topics, groupId)) {
            await().atMost(PATIENCE)
                    .until(() -> survivor.status().assignedPartitions() > 0
                            && leaving.status().assignedPartitions() > 0
                            && survivor.status().assignedPartitions()
                                            + leaving.status().assignedPartitions()
                                    == 9);
            writeClients(writer, 0, 20);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(revisions()).hasSize(20));

            // when (closing is idempotent, so try-with-resources may close it again)
            leaving.close();
            writeClients(writer, 20, 40);

            // then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(revisions()).hasSize(40));
            assertThat(survivor.status().assignedPartitions()).isEqualTo(9);
            assertThat(survivor.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change")
                            + leaving.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(40);
        }
    }

    private void writeClients(TopicWriter writer, int from, int to) {
        for (int i = from; i < to; i++) {
            MetricKey key = SleepData.key(clinic, "c" + i, "s1", MetricWindow.WEEK_1);
            writer.metric(topics.sleepChangeMetrics(), key, SleepData.metric(key, 1, i), System.currentTimeMillis());
        }
        writer.flush();
    }

    /** {@code client/session/WINDOW} → revision of this test's clinic. */
    private Map<String, Long> revisions() {
        return database
                .rows(
                        "select client_id, session_id, metric_window, revision from sleep_change"
                                + " where clinic_id = ?",
                        clinic)
                .stream()
                .collect(Collectors.toMap(
                        row -> row.get("client_id") + "/" + row.get("session_id") + "/" + row.get("metric_window"),
                        row -> (Long) row.get("revision")));
    }

    private List<Map<String, Object>> rowsWithoutUpdatedAt(String table) {
        List<Map<String, Object>> rows =
                database.rows("select * from " + table + " where clinic_id = ?" + " order by 1, 2, 3, 4", clinic);
        rows.forEach(row -> row.remove("updated_at"));
        return rows;
    }

    /** Sum over both topics of the group's committed offsets (records consumed and committed). */
    private long committedOffsetTotal() {
        try (Admin admin = KafkaTestBroker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            return offsets.values().stream()
                    .filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the group's offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void resetGroupToTheBeginning() {
        Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
        for (String topic : topics.all()) {
            for (int partition = 0; partition < 3; partition++) {
                beginning.put(new TopicPartition(topic, partition), new OffsetAndMetadata(0));
            }
        }
        // The group must be empty: the closed sink's member may take a moment to leave.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            try (Admin admin = KafkaTestBroker.admin()) {
                admin.alterConsumerGroupOffsets(groupId, beginning).all().get();
                return true;
            }
        });
    }
}
