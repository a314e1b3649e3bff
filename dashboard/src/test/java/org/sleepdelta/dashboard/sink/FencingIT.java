package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.schemas.MetricKey;

/**
 * Two writers of one partition against a real PostgreSQL: the one whose expected offset is out of date writes
 * nothing, whether it comes after the other one's transaction or queues behind it.
 */
class FencingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long TEST_LOCK = 74_511;

    private static TestDatabase database;
    private static final ExecutorService otherThreads = Executors.newCachedThreadPool();

    private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    private final TopicPartition nights = new TopicPartition("nights-" + clinic, 0);
    private final TopicPartition metrics = new TopicPartition("metrics-" + clinic, 0);
    private final NightKey monday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 2));
    private final NightKey tuesday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 3));
    private final MetricKey week = SleepData.key(clinic, "c1", "s1", MetricWindow.WEEK_1);
    private final BatchWriter writer = new BatchWriter();
    private Database zombie;
    private Database owner;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.freshDatabase("fencing");
        Migrations.run(database.url(), database.user(), null);
    }

    @AfterAll
    static void stopThreads() {
        otherThreads.shutdownNow();
    }

    @BeforeEach
    void connect() {
        zombie = new Database(database.url(), database.user(), null);
        owner = new Database(database.url(), database.user(), null);
    }

    @AfterEach
    void disconnect() {
        zombie.close();
        owner.close();
    }

    @Test
    void aWriterThatLostItsPartitionsWritesNothingAfterTheNewOwnerMovedOn() throws SQLException {
        // given: both partitions stored at offset 0; the old owner read the first records and then stalled
        store(Map.of(nights, 0L, metrics, 0L));
        BatchPlan stale = new BatchPlan();
        stale.add(record(nights, 0), night(monday, 400));
        stale.add(record(nights, 1), night(tuesday, 300));
        stale.add(record(metrics, 0), new SinkRecord.SleepChange(week, SleepData.metric(week, 1, 1), -1));
        Map<TopicPartition, Long> zombieExpects = Map.of(nights, 0L, metrics, 0L);
        // the new owner read from the same stored offsets, and further: a newer Monday, Tuesday and the week deleted
        BatchPlan newer = new BatchPlan();
        newer.add(record(nights, 0), night(monday, 400));
        newer.add(record(nights, 1), night(tuesday, 300));
        newer.add(record(nights, 2), night(monday, 415));
        newer.add(record(nights, 3), night(tuesday, null));
        newer.add(record(metrics, 0), new SinkRecord.SleepChange(week, SleepData.metric(week, 1, 1), -1));
        newer.add(record(metrics, 1), new SinkRecord.SleepChange(week, null, -1));
        assertThat(writer.write(owner.connection(), newer, Map.of(nights, 0L, metrics, 0L)))
                .isInstanceOf(BatchWriter.Result.Written.class);

        // when: the old owner wakes up and writes what it read
        BatchWriter.Result late = writer.write(zombie.connection(), stale, zombieExpects);

        // then: it is told both partitions moved on, and the newer night and both deletions survive
        assertThat(late).isEqualTo(new BatchWriter.Result.Fenced(Set.of(nights, metrics)));
        assertThat(nightsOfThisClinic())
                .containsExactly(Map.of("night", Date.valueOf("2026-03-02"), "total_sleep_minutes", 415.0));
        assertThat(database.count("select count(*) from sleep_change where clinic_id = ?", clinic))
                .isZero();
        assertThat(stored()).containsExactlyInAnyOrderEntriesOf(Map.of(nights, 4L, metrics, 2L));
        // and its connection is usable: nothing of its transaction is left open
        assertThat(zombie.connection().isValid(2)).isTrue();
        assertThat(database.count("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and state = 'idle in transaction'"))
                .isZero();
    }

    @Test
    void aWriterQueuedBehindATransactionInFlightWaitsForItAndThenFindsTheOffsetMovedOn() throws Exception {
        // given: the old owner's transaction has checked the offset and is held inside, before it commits
        store(Map.of(nights, 0L));
        database.execute("create or replace function hold_marked_night() returns trigger language plpgsql as $$"
                + " begin if new.source_record_id = 'hold-me' then perform pg_advisory_xact_lock_shared("
                + TEST_LOCK + "); end if; return new; end $$");
        database.execute("create trigger hold_marked_night before insert or update on nightly_sleep"
                + " for each row execute function hold_marked_night()");
        try (Connection test = database.connect();
                Statement lock = test.createStatement()) {
            lock.execute("select pg_advisory_lock(" + TEST_LOCK + ")");
            NightlySleep held = SleepData.night(monday, 415);
            held.setSourceRecordId("hold-me");
            BatchPlan inFlight = new BatchPlan();
            inFlight.add(record(nights, 0), night(monday, 400));
            inFlight.add(record(nights, 1), new SinkRecord.Night(monday, held));
            CompletableFuture<BatchWriter.Result> first =
                    CompletableFuture.supplyAsync(() -> write(zombie, inFlight, Map.of(nights, 0L)), otherThreads);
            await().atMost(PATIENCE).until(() -> waiting("advisory") == 1);

            // when: another writer, expecting the same offset, writes an older Monday
            BatchPlan behind = new BatchPlan();
            behind.add(record(nights, 0), night(monday, 400));
            CompletableFuture<BatchWriter.Result> second =
                    CompletableFuture.supplyAsync(() -> write(owner, behind, Map.of(nights, 0L)), otherThreads);

            // then: it waits for the row lock, not for the data
            await().atMost(PATIENCE).until(() -> waiting("transactionid") + waiting("tuple") == 1);
            assertThat(second).isNotDone();

            // and when the first transaction goes on
            lock.execute("select pg_advisory_unlock(" + TEST_LOCK + ")");

            // then: the first commits; the second finds offset 2 and writes nothing
            assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(BatchWriter.Result.Written.class);
            assertThat(second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new BatchWriter.Result.Fenced(Set.of(nights)));
            assertThat(nightsOfThisClinic())
                    .containsExactly(Map.of("night", Date.valueOf("2026-03-02"), "total_sleep_minutes", 415.0));
            assertThat(stored()).containsExactly(Map.entry(nights, 2L));
        } finally {
            database.execute("drop trigger if exists hold_marked_night on nightly_sleep");
        }
    }

    @Test
    void aPartitionWithoutAStoredOffsetIsNeverWritten() throws SQLException {
        // given: nothing stored for the partition (the sink creates the row when it is assigned)
        BatchPlan plan = new BatchPlan();
        plan.add(record(nights, 0), night(monday, 400));

        // when
        BatchWriter.Result result = writer.write(owner.connection(), plan, Map.of(nights, 0L));

        // then
        assertThat(result).isEqualTo(new BatchWriter.Result.Fenced(Set.of(nights)));
        assertThat(nightsOfThisClinic()).isEmpty();
    }

    @Test
    void theSinksSessionsHaveTheServerEndATransactionLeftOpenForAMinuteSoItsLockCannotHoldUpTheNewOwner()
            throws Exception {
        // given: a sink connection paused in the middle of a batch, holding the partition's lock (the ending itself is
        // PostgreSQL's; this checks that the sink's sessions ask for it)
        store(Map.of(nights, 0L));
        Connection paused = zombie.connection();
        OffsetTable.lock(paused, List.of(nights));

        // then: the sink's sessions run with the timeout, and the server applies it to this one
        try (Statement show = paused.createStatement();
                ResultSet result = show.executeQuery("show idle_in_transaction_session_timeout")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo(Database.IDLE_IN_TRANSACTION_TIMEOUT);
        }
        assertThat(database.count("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and application_name = 'sleepdelta-sink' and state = 'idle in transaction'"))
                .isEqualTo(1);
        paused.rollback();
    }

    private BatchWriter.Result write(Database writerDatabase, BatchPlan plan, Map<TopicPartition, Long> expected) {
        try {
            return writer.write(writerDatabase.connection(), plan, expected);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long waiting(String waitEvent) {
        return database.count(
                "select count(*) from pg_stat_activity where datname = current_database()"
                        + " and application_name = 'sleepdelta-sink' and wait_event_type in ('Lock') and wait_event = ?",
                waitEvent);
    }

    private void store(Map<TopicPartition, Long> offsets) throws SQLException {
        try (Connection connection = database.connect()) {
            OffsetTable.insertIfAbsent(connection, offsets);
        }
    }

    private Map<TopicPartition, Long> stored() throws SQLException {
        try (Connection connection = database.connect()) {
            return OffsetTable.read(connection, List.of(nights, metrics));
        }
    }

    private List<Map<String, Object>> nightsOfThisClinic() {
        return database.rows(
                "select night, total_sleep_minutes from nightly_sleep where clinic_id = ? order by 1", clinic);
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, null);
    }

    /** @param totalSleepMinutes null for a tombstone */
    private static SinkRecord night(NightKey key, Integer totalSleepMinutes) {
        return new SinkRecord.Night(key, totalSleepMinutes == null ? null : SleepData.night(key, totalSleepMinutes));
    }
}
