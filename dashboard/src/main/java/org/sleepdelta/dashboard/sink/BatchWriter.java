package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes one {@link BatchPlan} in one database transaction, with one JDBC batch per statement: deletes before
 * upserts (a plan has at most one of each per key), then the rejections. Either all of it is committed or, on any
 * error, none of it.
 */
final class BatchWriter {

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    /**
     * @param connection with auto-commit off
     * @throws SQLException after rolling back, when anything failed
     */
    BatchOutcome write(Connection connection, BatchPlan plan) throws SQLException {
        long started = System.nanoTime();
        try {
            execute(connection, SleepChangeTable.DELETE, plan.sleepChanges.deletes(), SleepChangeTable::bindDelete);
            int[] sleepChangeCounts = execute(connection, SleepChangeTable.UPSERT, plan.sleepChanges.upserts(),
                    SleepChangeTable::bindUpsert);
            execute(connection, NightlySleepTable.DELETE, plan.nights.deletes(), NightlySleepTable::bindDelete);
            execute(connection, NightlySleepTable.UPSERT, plan.nights.upserts(), NightlySleepTable::bindUpsert);
            execute(connection, RejectionTable.INSERT, plan.rejections, RejectionTable::bind);
            connection.commit();

            SleepChangeBatch.Tally sleepChange = new SleepChangeBatch.Tally();
            plan.sleepChanges.tally(written(sleepChangeCounts), sleepChange);
            SleepChangeBatch.Tally nightlySleep = new SleepChangeBatch.Tally();
            plan.nights.tally(nightlySleep);
            return new BatchOutcome(sleepChange, nightlySleep, plan.rejections.size(), System.nanoTime() - started);
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
    }

    private static <T> int[] execute(Connection connection, String sql, List<T> values, Binder<T> binder)
            throws SQLException {
        if (values.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T value : values) {
                binder.bind(statement, value);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    /**
     * An upsert the revision guard refused reports 0 rows. A driver that rewrites batches into multi-row statements
     * reports {@link Statement#SUCCESS_NO_INFO} instead of a count; then nothing can be told apart, and every row
     * counts as written.
     */
    private static boolean[] written(int[] counts) {
        boolean[] written = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            written[i] = counts[i] != 0;
        }
        return written;
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
