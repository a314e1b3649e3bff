package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes {@code sink_rejections} rows older than {@code rejections-retention}: they keep a record's raw bytes, which
 * may be health data, and nobody needs them once the cause has been looked into. It deletes in small transactions
 * (one statement of at most {@code batchSize} rows each, at most {@code maxBatches} per run), so that it never holds
 * locks long or delays the sink's batches much, and runs only every {@code interval}; the sink asks it between polls.
 */
final class RejectionExpiry {
    static final String DELETE_OLDEST = "delete from sink_rejections where (topic, kafka_partition, kafka_offset) in"
            + " (select topic, kafka_partition, kafka_offset from sink_rejections where rejected_at < ? limit ?)";

    private final Duration retention;
    private final Clock clock;
    private final Duration interval;
    private final int batchSize;
    private final int maxBatches;
    private Instant due;

    /** Due at once: a sink that was stopped for a while cleans up when it starts. */
    RejectionExpiry(Duration retention, Clock clock, Duration interval, int batchSize, int maxBatches) {
        this.retention = retention;
        this.clock = clock;
        this.interval = interval;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
        this.due = clock.instant();
    }

    /** The sink's connection, opened only when a run is due. */
    @FunctionalInterface
    interface Connections {
        /** @return a connection with auto-commit off */
        Connection get() throws SQLException;
    }

    /**
     * When due, deletes rows rejected before now minus the retention, committing each small batch. When more are left
     * after {@code maxBatches}, the next call carries on; otherwise the next run is an {@code interval} later, also
     * after a failure (the sink's batches notice a database that is down, and say so).
     *
     * @return rows deleted now (0 when not due)
     * @throws SQLException after rolling back the batch in progress; batches committed before it stay deleted
     */
    int runIfDue(Connections connections) throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            return 0;
        }
        due = now.plus(interval);
        Instant cutoff = now.minus(retention);
        Connection connection = connections.get();
        int deleted = 0;
        try (PreparedStatement statement = connection.prepareStatement(DELETE_OLDEST)) {
            for (int batch = 0; batch < maxBatches; batch++) {
                Column.setTimestamp(statement, 1, cutoff);
                statement.setInt(2, batchSize);
                int rows = statement.executeUpdate();
                connection.commit();
                deleted += rows;
                if (rows < batchSize) {
                    return deleted;
                }
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        due = now; // more to delete: carry on at the next call
        return deleted;
    }
}
