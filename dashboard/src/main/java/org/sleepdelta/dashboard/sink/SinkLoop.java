package org.sleepdelta.dashboard.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's thread: poll, write the batch in one transaction (with the partitions' offsets, {@link StoredOffsets}),
 * then commit exactly the polled offsets to Kafka. When the transaction fails, nothing is committed: the consumer goes
 * back to the offsets stored with the rows and tries again after a growing pause, so no record is ever skipped. Only
 * a batch PostgreSQL refuses for good (SQLState class 22 or 23, {@link RefusalClass}) more than
 * {@code max-row-retries} times in a row is written in parts instead, its refused rows stored in
 * {@code sink_rejections} ({@link RefusedBatch}).
 */
final class SinkLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);
    private static final Duration IDLE_DATABASE_CHECK = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final SinkTopics topics;
    private final Database database;
    private final RecordReader reader;
    private final BatchWriter writer;
    private final SinkMetrics metrics;
    private final SinkState state;
    private final Duration pollTimeout;
    private final Backoff backoff;
    private final OffsetCommits commits;
    private final StoredOffsets stored;
    private final RejectionExpiry expiry;
    private final int maxRowRetries;
    /** Tells the audit publisher that a committed batch wrote audit events to the outbox. */
    private final Runnable auditWritten;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Consecutive attempts PostgreSQL refused for good ({@link RefusalClass}); 0 after any success. */
    private int refusals;

    private long lastDatabaseCheckNanos = System.nanoTime();

    SinkLoop(
            Consumer<byte[], byte[]> consumer,
            SinkTopics topics,
            Database database,
            SinkMetrics metrics,
            SinkState state,
            Duration pollTimeout,
            Backoff backoff,
            RejectionExpiry expiry,
            int maxRowRetries,
            Runnable auditWritten) {
        this.consumer = consumer;
        this.topics = topics;
        this.database = database;
        this.reader = new RecordReader(topics);
        this.writer = new BatchWriter();
        this.metrics = metrics;
        this.state = state;
        this.pollTimeout = pollTimeout;
        this.backoff = backoff;
        this.commits = new OffsetCommits(consumer, state);
        this.stored = new StoredOffsets(consumer);
        this.expiry = expiry;
        this.maxRowRetries = maxRowRetries;
        this.auditWritten = auditWritten;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics.all(), new PartitionChanges(commits, stored));
            while (!stopping()) {
                if (stored.needsSync() && !syncStoredOffsets()) {
                    continue;
                }
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(pollTimeout);
                } catch (WakeupException e) {
                    continue;
                }
                state.assignedPartitions = consumer.assignment().size();
                if (polled.isEmpty()) {
                    checkDatabaseWhenIdle();
                } else {
                    if (state.firstRecordsPolledNanos == 0) {
                        state.firstRecordsPolledNanos = System.nanoTime();
                    }
                    apply(polled);
                }
                updateLag();
                expireRejections();
            }
        } catch (RuntimeException e) {
            log.error("The sink stopped on an error it cannot recover from", e);
        } catch (Error e) {
            log.error("The sink stopped on an error it cannot recover from", e);
            throw e;
        } finally {
            state.running = false;
            state.assignedPartitions = 0;
            closeQuietly();
        }
    }

    /** Ends the loop: a poll or pause in progress returns at once, a transaction in progress completes. */
    void stop() {
        stopRequested.countDown();
        consumer.wakeup();
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Writes the polled records; partitions another writer has moved on are left out and synced again, and the rest
     * written without them.
     */
    private void apply(ConsumerRecords<byte[], byte[]> polled) {
        Set<TopicPartition> moved = new HashSet<>();
        BatchPlan plan = BatchPlan.of(polled, reader);
        while (!plan.isEmpty()) {
            BatchWriter.Result result;
            try {
                result = writer.write(database.connection(), plan, stored.expected());
            } catch (SQLException | RuntimeException e) {
                if (RefusalClass.of(e) != null && ++refusals > maxRowRetries) {
                    setAsideRefused(plan, polled, moved, e);
                } else {
                    retryLater(plan, e);
                }
                return;
            }
            databaseAnswered();
            refusals = 0;
            if (result instanceof BatchWriter.Result.Written written) {
                committed(plan, written.outcome());
                return;
            }
            Set<TopicPartition> fenced = ((BatchWriter.Result.Fenced) result).partitions();
            metrics.fenced(fenced.size());
            log.warn(
                    "Partition(s) {} moved on in the database since this instance read them (another sink instance"
                            + " wrote them, or the answer to an earlier commit got lost): their records are not written here,"
                            + " and they are read again from the stored offsets",
                    fenced);
            stored.moved(fenced);
            moved.addAll(fenced);
            plan = BatchPlan.of(polled, reader, moved);
        }
    }

    /**
     * PostgreSQL refused the batch for good, {@code max-row-retries} + 1 times in a row: the rows it refuses go to
     * {@code sink_rejections} and the rest is written ({@link RefusedBatch}), so one bad row cannot block its
     * partition. Any other failure on the way is retried like a failed batch, from where the tables now stand.
     */
    private void setAsideRefused(
            BatchPlan plan, ConsumerRecords<byte[], byte[]> polled, Set<TopicPartition> moved, Exception refused) {
        refusals = 0;
        metrics.failed();
        // The driver keeps parameter values out of its messages, and describe() leaves the message out anyway.
        log.warn(
                "Database refused a transaction of {} record(s) for good, {} time(s) in a row ({}); writing it in parts"
                        + " to store the refused record(s) in sink_rejections",
                plan.records,
                maxRowRetries + 1,
                RefusalClass.describe(refused));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            if (!moved.contains(new TopicPartition(record.topic(), record.partition()))) {
                records.add(record);
            }
        }
        try {
            new RefusedBatch(database, writer, reader, stored, metrics, this::committed).write(records, refused);
            databaseAnswered();
        } catch (SQLException | RuntimeException e) {
            retryLater(plan, e);
        }
    }

    private void committed(BatchPlan plan, BatchOutcome outcome) {
        stored.written(plan.offsetsAfter());
        metrics.committed(outcome, System.currentTimeMillis());
        metrics.erasureRequestsRefused(plan.refusedErasureRequests);
        if (outcome.erasures().auditEvents > 0) {
            auditWritten.run();
        }
        plan.rejections.forEach(
                r -> log.warn("Record {} stored in sink_rejections: {} ({})", r.location(), r.reason(), r.detail()));
        commits.commit(plan.nextOffsets);
    }

    private void databaseAnswered() {
        state.databaseReachable = true;
        lastDatabaseCheckNanos = System.nanoTime();
        backoff.reset();
    }

    /** @return whether every partition waiting for its stored offset has it now */
    private boolean syncStoredOffsets() {
        try {
            stored.sync(database.connection());
            databaseAnswered();
            return true;
        } catch (WakeupException e) {
            return false; // stop() woke the consumer up while it looked up a position
        } catch (SQLException | KafkaException e) {
            state.databaseReachable = database.isReachable();
            lastDatabaseCheckNanos = System.nanoTime();
            Duration pause = backoff.next();
            log.warn(
                    "Could not read where the tables stand in newly assigned partitions; trying again in {} ms: {}",
                    pause.toMillis(),
                    e.toString());
            waitUnlessStopped(pause);
            return false;
        }
    }

    private void retryLater(BatchPlan plan, Exception e) {
        metrics.failed();
        // Also drops a broken connection, so that the next attempt opens a new one.
        state.databaseReachable = database.isReachable();
        lastDatabaseCheckNanos = System.nanoTime();
        // Back to where the tables are in each partition of the failed batch; if the transaction did commit and only
        // its answer got lost, the next attempt finds the offsets moved on and syncs to them.
        stored.rewind(plan.nextOffsets.keySet());
        Duration pause = backoff.next();
        // The driver keeps parameter values out of its messages (logServerErrorDetail=false): no health data here.
        log.warn(
                "Database transaction of {} record(s) failed and was rolled back; reading them again in {} ms: {}",
                plan.records,
                pause.toMillis(),
                e.toString());
        waitUnlessStopped(pause);
    }

    private void waitUnlessStopped(Duration pause) {
        try {
            stopRequested.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }

    private void expireRejections() {
        try {
            int deleted = expiry.runIfDue(database::connection);
            if (deleted > 0) {
                log.info("Deleted {} row(s) of sink_rejections older than rejections-retention", deleted);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Deleting expired rows of sink_rejections failed; trying again later: {}", e.toString());
        }
    }

    private void checkDatabaseWhenIdle() {
        if (System.nanoTime() - lastDatabaseCheckNanos >= IDLE_DATABASE_CHECK.toNanos()) {
            state.databaseReachable = database.isReachable();
            lastDatabaseCheckNanos = System.nanoTime();
        }
    }

    private void updateLag() {
        Set<TopicPartition> assignment = consumer.assignment();
        long sum = 0;
        boolean known = assignment.isEmpty();
        for (TopicPartition partition : assignment) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                sum += lag.getAsLong();
                known = true;
            }
        }
        if (known) {
            state.lagRecords = sum;
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            log.warn("Closing the sink's consumer failed: {}", e.toString());
        }
        database.close();
    }
}
