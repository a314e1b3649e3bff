package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepMetrics;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/** One batch, one transaction, against a real PostgreSQL with the migrated tables. */
class BatchWriterIT {
    /** The nine metrics in the table's column order, written out here rather than derived like the sink does. */
    private static final List<String> METRIC_COLUMNS = List.of(
            "total_sleep_minutes",
            "sleep_efficiency_pct",
            "sleep_latency_minutes",
            "waso_minutes",
            "awakenings",
            "deep_minutes",
            "rem_minutes",
            "resting_heart_rate_bpm",
            "hrv_rmssd_ms");

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    private static TestDatabase database;

    private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    private final BatchWriter writer = new BatchWriter();
    private Database sinkDatabase;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.freshDatabase("batch_writer");
        Migrations.run(database.url(), database.user(), null);
    }

    @BeforeEach
    void connect() {
        sinkDatabase = new Database(database.url(), database.user(), null);
    }

    @AfterEach
    void disconnect() {
        sinkDatabase.close();
    }

    @Test
    void anUpsertWritesEveryColumnOfSleepChange() throws SQLException {
        // given: every statistic of every metric a different number, so a value in the wrong column shows
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.COURSE_WEEKS_3_4);
        SleepChangeMetric metric = distinctValues(SleepData.metric(key, 4, 1));

        // when
        write(sleepChange(key, metric));

        // then
        Map<String, Object> row = database.rows("select * from sleep_change where clinic_id = ?", clinic)
                .get(0);
        assertThat(row).doesNotContainValue(null);
        assertThat(row)
                .containsEntry("client_id", "c1")
                .containsEntry("session_id", "s1")
                .containsEntry("metric_window", "COURSE_WEEKS_3_4")
                .containsEntry("modality", metric.getModality().name())
                .containsEntry("first_night", Date.valueOf(SleepData.FIRST_NIGHT))
                .containsEntry("window_start", Date.valueOf(SleepData.FIRST_NIGHT))
                .containsEntry("window_end", Date.valueOf(SleepData.FIRST_NIGHT.plusDays(6)))
                .containsEntry("baseline_start", Date.valueOf(SleepData.FIRST_NIGHT.minusDays(14)))
                .containsEntry("baseline_end", Date.valueOf(SleepData.FIRST_NIGHT.minusDays(1)))
                .containsEntry("sessions_in_window", 3)
                .containsEntry("revision", 4L)
                .containsEntry("complete", true)
                .containsEntry("reference_start", Date.valueOf(SleepData.FIRST_NIGHT.minusDays(42)))
                .containsEntry("reference_end", Date.valueOf(SleepData.FIRST_NIGHT.minusDays(15)))
                .containsEntry("mixed_sources", true)
                .containsEntry("definition_version", 2);
        for (int m = 0; m < METRIC_COLUMNS.size(); m++) {
            String prefix = METRIC_COLUMNS.get(m) + "_";
            assertThat(row)
                    .as(prefix)
                    .containsEntry(prefix + "baseline_n", 100 * m + 1)
                    .containsEntry(prefix + "post_n", 100 * m + 2)
                    .containsEntry(prefix + "baseline_mean", 100.0 * m + 3)
                    .containsEntry(prefix + "baseline_sd", 100.0 * m + 4)
                    .containsEntry(prefix + "post_mean", 100.0 * m + 5)
                    .containsEntry(prefix + "delta", 100.0 * m + 6)
                    .containsEntry(prefix + "pct_change", 100.0 * m + 7)
                    .containsEntry(prefix + "z", 100.0 * m + 8)
                    .containsEntry(prefix + "meaningful", m % 2 == 0)
                    .containsEntry(prefix + "ci_low", 100.0 * m + 10)
                    .containsEntry(prefix + "ci_high", 100.0 * m + 11)
                    .containsEntry(prefix + "reliable", m % 3 == 0)
                    .containsEntry(prefix + "meets_threshold", m % 2 == 1)
                    .containsEntry(prefix + "autocorrelation", 100.0 * m + 12)
                    .containsEntry(prefix + "reference_n", 100 * m + 13)
                    .containsEntry(prefix + "reference_mean", 100.0 * m + 14)
                    .containsEntry(prefix + "adjusted_delta", 100.0 * m + 15)
                    .containsEntry(prefix + "adjusted_ci_low", 100.0 * m + 16)
                    .containsEntry(prefix + "adjusted_ci_high", 100.0 * m + 17);
        }
        assertThat(row).hasSize(columnCount("sleep_change"));
    }

    @Test
    void absentStatisticsAreWrittenAsNull() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.NIGHT_0);
        SleepChangeMetric metric = SleepData.metric(key, 1, 1);
        metric.getMetrics().getHrvRmssdMs().setDelta(null);
        metric.getMetrics().getHrvRmssdMs().setMeaningfulImprovement(null);
        metric.getMetrics().getHrvRmssdMs().setCiLow(null);
        metric.getMetrics().getHrvRmssdMs().setReliableImprovement(null);
        metric.getMetrics().getHrvRmssdMs().setMeetsThreshold(null);
        metric.getMetrics().getHrvRmssdMs().setAdjustedDelta(null);
        metric.setReferenceStart(null);
        metric.setReferenceEnd(null);

        // when
        write(sleepChange(key, metric));

        // then
        Map<String, Object> row = database.rows("select * from sleep_change where clinic_id = ?", clinic)
                .get(0);
        assertThat(row)
                .containsEntry("hrv_rmssd_ms_delta", null)
                .containsEntry("hrv_rmssd_ms_meaningful", null)
                .containsEntry("hrv_rmssd_ms_ci_low", null)
                .containsEntry("hrv_rmssd_ms_reliable", null)
                .containsEntry("hrv_rmssd_ms_meets_threshold", null)
                .containsEntry("hrv_rmssd_ms_adjusted_delta", null)
                .containsEntry("reference_start", null)
                .containsEntry("reference_end", null)
                .containsEntry("sessions_in_window", null);
    }

    @Test
    void aDefinitionOneRecordStoresItsMeaningfulImprovementAsMeetsThresholdToo() throws SQLException {
        // given: a record as v1 wrote it, read with the v2 schema: the new fields at their defaults
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        SleepChangeMetric metric = SleepData.metric(key, 1, 1);
        metric.setDefinitionVersion(1);
        metric.setReferenceStart(null);
        metric.setReferenceEnd(null);
        for (int m = 0; m < METRIC_COLUMNS.size(); m++) {
            MetricStats stats = (MetricStats) metric.getMetrics().get(m);
            stats.setMeaningfulImprovement(m == 0 ? Boolean.TRUE : m == 1 ? Boolean.FALSE : null);
            stats.setCiLow(null);
            stats.setCiHigh(null);
            stats.setReliableImprovement(null);
            stats.setMeetsThreshold(null);
            stats.setAutocorrelation(null);
            stats.setReferenceN(0);
            stats.setReferenceMean(null);
            stats.setAdjustedDelta(null);
            stats.setAdjustedCiLow(null);
            stats.setAdjustedCiHigh(null);
        }

        // when
        write(sleepChange(key, metric));

        // then: v1's meaningfulImprovement was the threshold alone, which _meets_threshold means in every row
        Map<String, Object> row = database.rows("select * from sleep_change where clinic_id = ?", clinic)
                .get(0);
        assertThat(row)
                .containsEntry("definition_version", 1)
                .containsEntry("total_sleep_minutes_meaningful", true)
                .containsEntry("total_sleep_minutes_meets_threshold", true)
                .containsEntry("total_sleep_minutes_reliable", null)
                .containsEntry("sleep_efficiency_pct_meets_threshold", false)
                .containsEntry("sleep_latency_minutes_meets_threshold", null)
                .containsEntry("total_sleep_minutes_reference_n", 0)
                .containsEntry("total_sleep_minutes_adjusted_delta", null)
                .containsEntry("mixed_sources", false);
    }

    @Test
    void aNewerRevisionReplacesTheRow() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        write(sleepChange(key, SleepData.metric(key, 1, 1)));

        // when
        BatchOutcome outcome = write(sleepChange(key, SleepData.metric(key, 2, 50)));

        // then
        assertThat(revisionOf(key)).isEqualTo(2);
        assertThat(database.value(
                        "select total_sleep_minutes_baseline_mean from sleep_change where clinic_id = ?", clinic))
                .isEqualTo(412.5 + 5.0);
        assertThat(outcome.sleepChange().upserts).isEqualTo(1);
        assertThat(outcome.sleepChange().stale).isZero();
    }

    @Test
    void anOlderOrEqualRevisionArrivingLaterIsSkippedAndCountedStale() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        write(sleepChange(key, SleepData.metric(key, 5, 5)));
        Object updatedAt = database.value("select updated_at from sleep_change where clinic_id = ?", clinic);

        // when
        BatchOutcome older = write(sleepChange(key, SleepData.metric(key, 4, 40)));
        BatchOutcome same = write(sleepChange(key, SleepData.metric(key, 5, 41)));

        // then
        assertThat(revisionOf(key)).isEqualTo(5);
        assertThat(database.value(
                        "select total_sleep_minutes_baseline_mean from sleep_change where clinic_id = ?", clinic))
                .isEqualTo(412.5 + 0.5);
        assertThat(database.value("select updated_at from sleep_change where clinic_id = ?", clinic))
                .isEqualTo(updatedAt);
        assertThat(older.sleepChange().stale).isEqualTo(1);
        assertThat(older.sleepChange().upserts).isZero();
        assertThat(older.sleepChange().latencies).isEmpty();
        assertThat(same.sleepChange().stale).isEqualTo(1);
    }

    @Test
    void inABatchOfManyKeysExactlyTheNotNewerRevisionsAreCountedStale() throws SQLException {
        // given: five keys at revision 2
        List<MetricKey> keys = IntStream.range(0, 5)
                .mapToObj(i -> SleepData.key(clinic, "c" + i, "s1", MetricWindow.WEEK_1))
                .toList();
        write(keys.stream()
                .map(key -> sleepChange(key, SleepData.metric(key, 2, 1)))
                .toArray(SinkRecord[]::new));

        // when: older, older, equal, newer, newer, and a key the table does not have
        MetricKey fresh = SleepData.key(clinic, "c9", "s1", MetricWindow.WEEK_1);
        long[] revisions = {1, 1, 2, 3, 3};
        List<SinkRecord> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(sleepChange(keys.get(i), SleepData.metric(keys.get(i), revisions[i], 7)));
        }
        batch.add(sleepChange(fresh, SleepData.metric(fresh, 1, 1)));
        BatchOutcome outcome = write(batch.toArray(SinkRecord[]::new));

        // then
        assertThat(outcome.sleepChange().stale).isEqualTo(3);
        assertThat(outcome.sleepChange().upserts).isEqualTo(3);
        assertThat(outcome.sleepChange().latencies).hasSize(3);
        assertThat(database.rows("select client_id, revision from sleep_change where clinic_id = ? order by 1", clinic))
                .extracting(row -> row.get("client_id") + "@" + row.get("revision"))
                .containsExactly("c0@2", "c1@2", "c2@2", "c3@3", "c4@3", "c9@1");
    }

    @Test
    void theUpsertStatementItselfNeverLowersARevisionWhoeverRacesIt() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        write(sleepChange(key, SleepData.metric(key, 5, 5)));

        // when: an older revision arrives past the check before it, as from a second writer
        int[] counts;
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(SleepChangeTable.UPSERT)) {
            SleepChangeTable.bindUpsert(statement, SleepData.metric(key, 4, 40));
            statement.addBatch();
            SleepChangeTable.bindUpsert(statement, SleepData.metric(key, 5, 41));
            statement.addBatch();
            counts = statement.executeBatch();
        }

        // then
        assertThat(counts).containsExactly(0, 0);
        assertThat(revisionOf(key)).isEqualTo(5);
        assertThat(database.value(
                        "select total_sleep_minutes_baseline_mean from sleep_change where clinic_id = ?", clinic))
                .isEqualTo(412.5 + 0.5);
    }

    @Test
    void aTombstoneDeletesTheRowAndALaterRevisionComesBack() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        MetricKey kept = SleepData.key(clinic, "c1", "s1", MetricWindow.NIGHT_0);
        write(sleepChange(key, SleepData.metric(key, 3, 1)), sleepChange(kept, SleepData.metric(kept, 1, 1)));

        // when
        BatchOutcome deleted = write(sleepChange(key, null));

        // then
        assertThat(database.count("select count(*) from sleep_change where clinic_id = ?", clinic))
                .isEqualTo(1);
        assertThat(revisionOf(kept)).isEqualTo(1);
        assertThat(deleted.sleepChange().deletes).isEqualTo(1);

        // and when: revisions continue after a tombstone
        write(sleepChange(key, SleepData.metric(key, 4, 1)));

        // then
        assertThat(revisionOf(key)).isEqualTo(4);
    }

    @Test
    void aTombstoneThenAnUpsertInOneBatchReplacesEvenAHigherRevision() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        write(sleepChange(key, SleepData.metric(key, 9, 1)));

        // when: applied one by one, the tombstone removes revision 9 and revision 2 is then inserted
        write(sleepChange(key, null), sleepChange(key, SleepData.metric(key, 2, 1)));

        // then
        assertThat(revisionOf(key)).isEqualTo(2);
    }

    @Test
    void aNightIsUpsertedWithEveryColumnThenReplacedThenDeleted() throws SQLException {
        // given
        NightKey key = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 3));
        NightlySleep first = SleepData.night(key, 401);

        // when
        write(night(key, first));

        // then
        Map<String, Object> row = database.rows("select * from nightly_sleep where clinic_id = ?", clinic)
                .get(0);
        assertThat(row)
                .doesNotContainValue(null)
                .hasSize(columnCount("nightly_sleep"))
                .containsEntry("client_id", "c1")
                .containsEntry("night", Date.valueOf("2026-03-03"))
                .containsEntry("source", "OURA")
                .containsEntry("source_record_id", "oura:2026-03-03")
                .containsEntry("timezone", "Europe/Berlin")
                .containsEntry("total_sleep_minutes", 401.0)
                .containsEntry("sleep_efficiency_pct", 100 * 401.0 / 472)
                .containsEntry("sleep_latency_minutes", 12.0)
                .containsEntry("waso_minutes", 31.0)
                .containsEntry("awakenings", 3.0)
                .containsEntry("deep_minutes", 80.0)
                .containsEntry("rem_minutes", 95.0)
                .containsEntry("resting_heart_rate_bpm", 56.0)
                .containsEntry("hrv_rmssd_ms", 44.0)
                .containsEntry("records_that_night", 2);
        assertThat(database.value(
                        "select extract(epoch from main_sleep_start)::bigint from nightly_sleep"
                                + " where clinic_id = ?",
                        clinic))
                .isEqualTo(OffsetDateTime.of(2026, 3, 3, 22, 10, 0, 0, ZoneOffset.UTC)
                        .toEpochSecond());
        assertThat(database.value(
                        "select extract(epoch from main_sleep_end - main_sleep_start)::bigint"
                                + " from nightly_sleep where clinic_id = ?",
                        clinic))
                .isEqualTo(472L * 60);

        // and when
        write(night(key, SleepData.night(key, 388)));

        // then
        assertThat(database.value("select total_sleep_minutes from nightly_sleep where clinic_id = ?", clinic))
                .isEqualTo(388.0);

        // and when
        BatchOutcome deleted = write(night(key, null));

        // then
        assertThat(database.count("select count(*) from nightly_sleep where clinic_id = ?", clinic))
                .isZero();
        assertThat(deleted.nightlySleep().deletes).isEqualTo(1);
    }

    @Test
    void aRejectionIsStoredOnceWithItsBytesEvenWhenItsRecordIsReadAgain() throws SQLException {
        // given
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        SinkRejection rejection = new SinkRejection(
                "metrics-" + clinic,
                1,
                17,
                SinkRejection.Reason.UNDECODABLE,
                "not a SleepChangeMetric",
                (clinic + "/c1/s1/WEEK_1").getBytes(StandardCharsets.UTF_8),
                garbage,
                1_700_000_000_000L);

        // when
        write(rejected(rejection));
        write(rejected(rejection));

        // then
        List<Map<String, Object>> rows =
                database.rows("select * from sink_rejections where topic = ?", "metrics-" + clinic);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row)
                    .containsEntry("kafka_partition", 1)
                    .containsEntry("kafka_offset", 17L)
                    .containsEntry("reason", "UNDECODABLE")
                    .containsEntry("detail", "not a SleepChangeMetric");
            assertThat((byte[]) row.get("record_value")).isEqualTo(garbage);
            assertThat(row.get("rejected_at")).isNotNull();
        });
    }

    @Test
    void aFailingStatementRollsBackTheWholeBatch() throws SQLException {
        // given: the database refuses one row of the batch
        database.execute("create or replace function refuse_marked_night() returns trigger language plpgsql as $$"
                + " begin if new.source_record_id = 'refuse-me' then raise exception 'refused by test'; end if;"
                + " return new; end $$");
        database.execute("create trigger refuse_marked_night before insert or update on nightly_sleep"
                + " for each row execute function refuse_marked_night()");
        MetricKey key = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
        NightKey night = SleepData.nightKey(clinic, "c1", SleepData.FIRST_NIGHT);
        NightlySleep refused = SleepData.night(night, 400);
        refused.setSourceRecordId("refuse-me");
        try {
            // when / then
            assertThatThrownBy(() -> write(sleepChange(key, SleepData.metric(key, 1, 1)), night(night, refused)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageNotContaining(clinic);
            assertThat(database.count("select count(*) from sleep_change where clinic_id = ?", clinic))
                    .isZero();

            // and the connection is usable again
            write(sleepChange(key, SleepData.metric(key, 1, 1)));
            assertThat(revisionOf(key)).isEqualTo(1);
        } finally {
            database.execute("drop trigger refuse_marked_night on nightly_sleep");
        }
    }

    @Test
    void anErasureAndRecordsOfItsClientInOneBatchLeaveNoRowOfItWhateverTheirOrder() throws SQLException {
        // given
        MetricKey before = SleepData.key(clinic, "gone", "s1", MetricWindow.WEEK_1);
        NightKey after = SleepData.nightKey(clinic, "gone", SleepData.FIRST_NIGHT);
        MetricKey other = SleepData.key(clinic, "kept", "s1", MetricWindow.WEEK_1);

        // when
        BatchOutcome outcome = write(
                sleepChange(before, SleepData.metric(before, 1, 1)),
                erasure(ErasureAction.ERASE, "gone"),
                night(after, SleepData.night(after, 400)),
                sleepChange(other, SleepData.metric(other, 1, 1)));

        // then
        assertThat(database.rows("select client_id from sleep_change where clinic_id = ?", clinic))
                .containsExactly(Map.of("client_id", "kept"));
        assertThat(database.count("select count(*) from nightly_sleep where clinic_id = ?", clinic))
                .isZero();
        assertThat(outcome.erasedLeftOut()).isEqualTo(2);
        assertThat(outcome.erasures().erasures).isEqualTo(1);
        assertThat(outcome.sleepChange().upserts).isEqualTo(1);
    }

    @Test
    void aReregistrationAfterTheErasureInOneBatchLetsTheRecordsOfTheClientIn() throws SQLException {
        // given
        MetricKey key = SleepData.key(clinic, "back", "s1", MetricWindow.WEEK_1);

        // when
        BatchOutcome outcome = write(
                erasure(ErasureAction.ERASE, "back"),
                erasure(ErasureAction.REREGISTER, "back"),
                sleepChange(key, SleepData.metric(key, 1, 1)));

        // then
        assertThat(revisionOf(key)).isEqualTo(1);
        assertThat(outcome.erasures().erasures).isEqualTo(1);
        assertThat(outcome.erasures().reregistrations).isEqualTo(1);
        assertThat(database.count(
                        "select count(*) from erased_clients where client_hash = ?",
                        ErasedClients.hash(new ClientKey(clinic, "back"))))
                .isZero();
    }

    @Test
    void aBatchOfAnotherInstanceWaitsForAnErasureInProgressAndThenLeavesTheClientOut() throws Exception {
        // given: an erasure of the client, not committed yet, on a connection of its own
        MetricKey key = SleepData.key(clinic, "racing", "s1", MetricWindow.WEEK_1);
        try (Database erasing = new Database(database.url(), database.user(), null)) {
            Connection connection = erasing.connection();
            new ClientErasures(java.time.Clock.systemUTC())
                    .apply(connection, List.of(request(ErasureAction.ERASE, "racing")));

            // when: a batch with a record of the client, from another partition, as another sink instance writes it
            CompletableFuture<BatchOutcome> batch = CompletableFuture.supplyAsync(() -> {
                try {
                    return write(sleepChange(key, SleepData.metric(key, 1, 1)));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            // then: it waits for the erasure, and once that commits, writes nothing of the client
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            database.count("select count(*) from pg_locks where locktype = 'advisory' and not granted")
                                    > 0);
            assertThat(batch).isNotDone();
            connection.commit();
            BatchOutcome outcome = batch.get(30, TimeUnit.SECONDS);
            assertThat(outcome.erasedLeftOut()).isEqualTo(1);
            assertThat(database.count("select count(*) from sleep_change where clinic_id = ?", clinic))
                    .isZero();
        }
    }

    private SinkRecord erasure(ErasureAction action, String client) {
        return new SinkRecord.Erasure(request(action, client));
    }

    private ErasureRequest request(ErasureAction action, String client) {
        return ErasureRequest.of(new ClientKey(clinic, client), action, Instant.now(), "cli:test");
    }

    /** Writes the records as the partition's only writer: from whatever offset the table holds. */
    private BatchOutcome write(SinkRecord... records) throws SQLException {
        BatchPlan plan = new BatchPlan();
        long offset = 0;
        for (SinkRecord record : records) {
            plan.add(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset++, null, null), record);
        }
        Connection connection = sinkDatabase.connection();
        OffsetTable.insertIfAbsent(connection, Map.of(PARTITION, 0L));
        Map<TopicPartition, Long> stored = OffsetTable.read(connection, List.of(PARTITION));
        connection.commit();
        BatchWriter.Result result = writer.write(connection, plan, stored);
        assertThat(result).isInstanceOf(BatchWriter.Result.Written.class);
        return ((BatchWriter.Result.Written) result).outcome();
    }

    private static SinkRecord sleepChange(MetricKey key, SleepChangeMetric value) {
        return new SinkRecord.SleepChange(key, value, System.currentTimeMillis());
    }

    private static SinkRecord night(NightKey key, NightlySleep value) {
        return new SinkRecord.Night(key, value);
    }

    private static SinkRecord rejected(SinkRejection rejection) {
        return new SinkRecord.Rejected(rejection);
    }

    private long revisionOf(MetricKey key) {
        return database.count(
                "select revision from sleep_change where clinic_id = ? and client_id = ?"
                        + " and session_id = ? and metric_window = ?",
                key.clinicId(),
                key.clientId(),
                key.sessionId(),
                key.window().name());
    }

    private static int columnCount(String table) {
        return (int) database.count("select count(*) from information_schema.columns where table_name = ?", table);
    }

    /** Statistic k (1..17) of metric m (0..8) is 100 m + k; the booleans alternate, each in its own rhythm. */
    private static SleepChangeMetric distinctValues(SleepChangeMetric metric) {
        SleepMetrics metrics = metric.getMetrics();
        for (int m = 0; m < METRIC_COLUMNS.size(); m++) {
            MetricStats stats = (MetricStats) metrics.get(m);
            stats.setBaselineN(100 * m + 1);
            stats.setPostN(100 * m + 2);
            stats.setBaselineMean(100.0 * m + 3);
            stats.setBaselineSd(100.0 * m + 4);
            stats.setPostMean(100.0 * m + 5);
            stats.setDelta(100.0 * m + 6);
            stats.setPctChange(100.0 * m + 7);
            stats.setZ(100.0 * m + 8);
            stats.setMeaningfulImprovement(m % 2 == 0);
            stats.setCiLow(100.0 * m + 10);
            stats.setCiHigh(100.0 * m + 11);
            stats.setReliableImprovement(m % 3 == 0);
            stats.setMeetsThreshold(m % 2 == 1); // not what meaningful says: each column its own field
            stats.setAutocorrelation(100.0 * m + 12);
            stats.setReferenceN(100 * m + 13);
            stats.setReferenceMean(100.0 * m + 14);
            stats.setAdjustedDelta(100.0 * m + 15);
            stats.setAdjustedCiLow(100.0 * m + 16);
            stats.setAdjustedCiHigh(100.0 * m + 17);
        }
        metric.setMixedSources(true);
        return metric;
    }
}
