package org.sleepdelta.dashboard.sink;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of a batch that PostgreSQL refused for good ({@link RefusalClass}), so that the rows it refuses
 * do not block their partitions: the records are written in halves, and a half that is refused is halved again, until
 * a refused record is alone. That record goes to {@code sink_rejections} (in a transaction of its own, with its
 * partition's offset), and every other record of the batch is written, in offset order, each part with its offsets
 * ({@link StoredOffsets}), so exactly-once holds as for a whole batch. Halving needs about
 * {@code 2 log2(n)} transactions per refused record where one per record would need {@code n}.
 */
final class RefusedBatch {
    private static final Logger log = LoggerFactory.getLogger(RefusedBatch.class);

    /** What the sink does after each committed part: counts, logs, commits the Kafka offsets. */
    @FunctionalInterface
    interface Committed {
        void committed(BatchPlan plan, BatchOutcome outcome);
    }

    private final Database database;
    private final BatchWriter writer;
    private final RecordReader reader;
    private final StoredOffsets stored;
    private final SinkMetrics metrics;
    private final Committed committed;
    /** Partitions another writer moved on meanwhile: their records are read again from the stored offsets. */
    private final Set<TopicPartition> leftOut = new HashSet<>();

    RefusedBatch(
            Database database,
            BatchWriter writer,
            RecordReader reader,
            StoredOffsets stored,
            SinkMetrics metrics,
            Committed committed) {
        this.database = database;
        this.writer = writer;
        this.reader = reader;
        this.stored = stored;
        this.metrics = metrics;
        this.committed = committed;
    }

    /**
     * @param records the batch, in the order polled (each partition's records in offset order)
     * @param refused how PostgreSQL refused the whole batch
     * @throws SQLException when an attempt failed for a reason that may pass: what was committed stands, and the
     *     caller reads the rest again from the stored offsets
     */
    void write(List<ConsumerRecord<byte[], byte[]>> records, Exception refused) throws SQLException {
        if (records.size() == 1) {
            reject(records.get(0), refused);
        } else {
            writeOrSplit(records.subList(0, records.size() / 2));
            writeOrSplit(records.subList(records.size() / 2, records.size()));
        }
    }

    private void writeOrSplit(List<ConsumerRecord<byte[], byte[]>> records) throws SQLException {
        BatchPlan plan = BatchPlan.of(records, reader, leftOut);
        if (plan.isEmpty()) {
            return;
        }
        BatchWriter.Result result;
        try {
            result = writer.write(database.connection(), plan, stored.expected());
        } catch (SQLException | RuntimeException e) {
            if (RefusalClass.of(e) == null) {
                throw e;
            }
            write(records, e);
            return;
        }
        done(plan, result);
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, Exception refused) throws SQLException {
        if (leftOut.contains(new TopicPartition(record.topic(), record.partition()))) {
            return;
        }
        RefusalClass refusal = RefusalClass.of(refused);
        BatchPlan plan = new BatchPlan();
        plan.add(
                record,
                new SinkRecord.Rejected(new SinkRejection(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        SinkRejection.Reason.REFUSED_BY_DATABASE,
                        RefusalClass.describe(refused),
                        record.key(),
                        record.value(),
                        record.timestamp())));
        BatchWriter.Result result = writer.write(database.connection(), plan, stored.expected());
        if (result instanceof BatchWriter.Result.Written && refusal != null) {
            metrics.rowRejected(refusal);
        }
        done(plan, result);
    }

    private void done(BatchPlan plan, BatchWriter.Result result) {
        if (result instanceof BatchWriter.Result.Written written) {
            committed.committed(plan, written.outcome());
            return;
        }
        Set<TopicPartition> fenced = ((BatchWriter.Result.Fenced) result).partitions();
        metrics.fenced(fenced.size());
        log.warn(
                "Partition(s) {} moved on in the database while a refused batch was written in parts: their records"
                        + " are read again from the stored offsets",
                fenced);
        stored.moved(fenced);
        leftOut.addAll(fenced);
    }
}
