package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;

/**
 * Writes one {@link BatchPlan} in one database transaction, with one JDBC batch per statement: deletes before
 * upserts (a plan has at most one of each per key), then the rejections, then the partitions' new offsets in
 * {@code sink_offsets}. Either all of it is committed or, on any error, none of it. Erasure requests come first
 * ({@link ClientErasures}), and the records of erased clients are left out.
 *
 * <p>The transaction starts by locking the {@code sink_offsets} rows of the plan's partitions and comparing them with
 * the offsets this writer expects ({@link StoredOffsets}). When any differs, another writer has applied records of
 * that partition since: the transaction is rolled back before it writes anything, and the result names those
 * partitions ({@link Result.Fenced}).
 *
 * <p>Before the sleep-change upserts, one query reads the revisions the table holds for the batch's keys, and
 * upserts that are not newer are left out and counted stale. That count cannot come from the upserts themselves: a
 * driver that rewrites a batch into multi-row statements ({@code reWriteBatchedInserts}, much faster) reports no
 * per-row counts. The upsert's own guard still decides, so a row never goes back even if another writer raced.
 */
final class BatchWriter {
    private final ClientErasures clientErasures;

    BatchWriter() {
        this(Clock.systemUTC());
    }

    /** @param clock the time of the sink's stage in the erasure audit */
    BatchWriter(Clock clock) {
        this.clientErasures = new ClientErasures(clock);
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    /** What one attempt did: committed, or rolled back untouched because partitions moved on. */
    sealed interface Result {
        record Written(BatchOutcome outcome) implements Result {}

        /** Nothing written: the stored offsets of these partitions are not the ones the writer expected. */
        record Fenced(Set<TopicPartition> partitions) implements Result {}
    }

    /**
     * @param connection with auto-commit off
     * @param expected   per partition, the offset {@code sink_offsets} must hold for this plan to follow on from it
     * @throws SQLException after rolling back, when anything failed
     */
    Result write(Connection connection, BatchPlan plan, Map<TopicPartition, Long> expected) throws SQLException {
        long started = System.nanoTime();
        try {
            Set<TopicPartition> moved =
                    moved(OffsetTable.lock(connection, plan.nextOffsets.keySet()), expected, plan.nextOffsets.keySet());
            if (!moved.isEmpty()) {
                connection.rollback();
                return new Result.Fenced(moved);
            }
            // Erasures first, then only the records of clients not (still) erased: whatever the order in which the
            // topics were read, a record of an erased client is never written after its erasure.
            ClientErasures.Tally erasures = clientErasures.apply(connection, plan.erasures);
            Set<ClientKey> clients = plan.clients();
            ClientLocks.shared(connection, clients);
            int erasedLeftOut = plan.leaveOut(ErasedClients.among(connection, clients));
            execute(connection, SleepChangeTable.DELETE, plan.sleepChanges.deletes(), SleepChangeTable::bindDelete);
            boolean[] written = upsertNewer(connection, plan.sleepChanges.upserts());
            execute(connection, NightlySleepTable.DELETE, plan.nights.deletes(), NightlySleepTable::bindDelete);
            execute(connection, NightlySleepTable.UPSERT, plan.nights.upserts(), NightlySleepTable::bindUpsert);
            execute(connection, RejectionTable.INSERT, plan.rejections, RejectionTable::bind);
            OffsetTable.update(connection, plan.offsetsAfter());
            connection.commit();

            SleepChangeBatch.Tally sleepChange = new SleepChangeBatch.Tally();
            plan.sleepChanges.tally(written, sleepChange);
            SleepChangeBatch.Tally nightlySleep = new SleepChangeBatch.Tally();
            plan.nights.tally(nightlySleep);
            return new Result.Written(new BatchOutcome(
                    sleepChange,
                    nightlySleep,
                    plan.rejections.size(),
                    System.nanoTime() - started,
                    erasures,
                    erasedLeftOut));
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
    }

    /** The partitions whose stored offset is missing or not the expected one. */
    private static Set<TopicPartition> moved(
            Map<TopicPartition, Long> stored, Map<TopicPartition, Long> expected, Set<TopicPartition> partitions) {
        Set<TopicPartition> moved = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Long held = stored.get(partition);
            if (held == null || !Objects.equals(held, expected.get(partition))) {
                moved.add(partition);
            }
        }
        return moved;
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

    /** @return for each upsert, whether the table took it */
    private static boolean[] upsertNewer(Connection connection, List<SleepChangeBatch.Upsert> upserts)
            throws SQLException {
        List<MetricKey> toLookUp = upserts.stream()
                .filter(u -> !u.afterDelete())
                .map(SleepChangeBatch.Upsert::key)
                .toList();
        Map<MetricKey, Long> held = SleepChangeTable.currentRevisions(connection, toLookUp);
        List<SleepChangeMetric> newer = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < upserts.size(); i++) {
            SleepChangeBatch.Upsert upsert = upserts.get(i);
            Long revision = upsert.afterDelete() ? null : held.get(upsert.key());
            if (revision == null || revision < upsert.value().getRevision()) {
                newer.add(upsert.value());
                positions.add(i);
            }
        }
        int[] counts = execute(connection, SleepChangeTable.UPSERT, newer, SleepChangeTable::bindUpsert);
        boolean[] written = new boolean[upserts.size()];
        for (int j = 0; j < counts.length; j++) {
            // 0: the guard refused (another writer was faster); SUCCESS_NO_INFO: rewritten into a multi-row statement.
            written[positions.get(j)] = counts[j] != 0;
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
