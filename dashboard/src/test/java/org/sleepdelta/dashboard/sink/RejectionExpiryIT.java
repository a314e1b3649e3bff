package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.testing.MutableClock;

/** Expiry of {@code sink_rejections} against a real PostgreSQL, on a clock the test moves (no waiting). */
class RejectionExpiryIT {
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static TestDatabase database;

    private final MutableClock clock = new MutableClock(NOW);
    private Database sinkDatabase;
    private long offset;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.freshDatabase("rejection_expiry");
        Migrations.run(database.url(), database.user(), null);
    }

    @BeforeEach
    void emptyTable() {
        database.execute("delete from sink_rejections");
        sinkDatabase = new Database(database.url(), database.user(), null);
    }

    @AfterEach
    void disconnect() {
        sinkDatabase.close();
    }

    @Test
    void rowsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() throws SQLException {
        // given
        RejectionExpiry expiry = new RejectionExpiry(RETENTION, clock, INTERVAL, 1000, 10);
        rejectedAt(NOW.minus(Duration.ofDays(400)), NOW.minus(RETENTION).minusSeconds(1));
        rejectedAt(NOW.minus(RETENTION).plusSeconds(60), NOW.minus(Duration.ofDays(1)), NOW);

        // when
        int deleted = expiry.runIfDue(sinkDatabase::connection);

        // then
        assertThat(deleted).isEqualTo(2);
        assertThat(remaining())
                .containsExactly(NOW.minus(RETENTION).plusSeconds(60), NOW.minus(Duration.ofDays(1)), NOW);
    }

    @Test
    void itRunsOncePerIntervalNotOnEveryCall() throws SQLException {
        // given: a first run has just happened
        RejectionExpiry expiry = new RejectionExpiry(RETENTION, clock, INTERVAL, 1000, 10);
        expiry.runIfDue(sinkDatabase::connection);
        Instant old = NOW.minus(Duration.ofDays(31));
        rejectedAt(old);

        // when / then: not again until an interval has passed, and not even a connection is asked for
        assertThat(expiry.runIfDue(() -> {
                    throw new AssertionError("not due, so no connection needed");
                }))
                .isZero();
        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(expiry.runIfDue(sinkDatabase::connection)).isZero();
        assertThat(remaining()).containsExactly(old);

        // and when the interval is over
        clock.advance(Duration.ofSeconds(1));

        // then
        assertThat(expiry.runIfDue(sinkDatabase::connection)).isEqualTo(1);
        assertThat(remaining()).isEmpty();
    }

    @Test
    void aBacklogIsDeletedInSmallBatchesAndTheNextCallCarriesOn() throws SQLException {
        // given: 7 expired rows; batches of 2, at most 2 batches per run
        RejectionExpiry expiry = new RejectionExpiry(RETENTION, clock, INTERVAL, 2, 2);
        for (int day = 31; day < 38; day++) {
            rejectedAt(NOW.minus(Duration.ofDays(day)));
        }

        // when
        int first = expiry.runIfDue(sinkDatabase::connection);

        // then: two batches of two, and still due
        assertThat(first).isEqualTo(4);
        assertThat(remaining()).hasSize(3);

        // and when: the next call, at the same time
        int second = expiry.runIfDue(sinkDatabase::connection);
        int third = expiry.runIfDue(sinkDatabase::connection);

        // then: the rest, and then not due until the interval has passed
        assertThat(second).isEqualTo(3);
        assertThat(remaining()).isEmpty();
        assertThat(third).isZero();
    }

    @Test
    void aFailedRunLeavesTheConnectionUsableAndIsTriedAgainAfterTheInterval() throws SQLException {
        // given: the database refuses to delete
        database.execute("create or replace function refuse_delete() returns trigger language plpgsql as $$"
                + " begin raise exception 'refused by test'; end $$");
        database.execute("create trigger refuse_delete before delete on sink_rejections"
                + " for each row execute function refuse_delete()");
        RejectionExpiry expiry = new RejectionExpiry(RETENTION, clock, INTERVAL, 1000, 10);
        Instant old = NOW.minus(Duration.ofDays(31));
        rejectedAt(old);
        try {
            // when
            assertThatThrownBy(() -> expiry.runIfDue(sinkDatabase::connection)).isInstanceOf(SQLException.class);

            // then
            assertThat(sinkDatabase.isReachable()).isTrue();
            assertThat(remaining()).containsExactly(old);
        } finally {
            database.execute("drop trigger refuse_delete on sink_rejections");
        }

        // and then: not before the interval, then it deletes
        assertThat(expiry.runIfDue(sinkDatabase::connection)).isZero();
        clock.advance(INTERVAL);
        assertThat(expiry.runIfDue(sinkDatabase::connection)).isEqualTo(1);
    }

    private void rejectedAt(Instant... times) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into sink_rejections (topic, kafka_partition, kafka_offset, reason, detail, record_value,"
                                + " rejected_at) values ('nightly-sleep', 0, ?, 'UNDECODABLE', 'test', '\\x00', ?)")) {
            for (Instant time : times) {
                insert.setLong(1, offset++);
                insert.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
                insert.executeUpdate();
            }
        }
    }

    private List<Instant> remaining() {
        return database.rows("select rejected_at from sink_rejections order by rejected_at").stream()
                .map(row -> ((Timestamp) row.get("rejected_at")).toInstant())
                .toList();
    }
}
