package org.sleepdelta.dashboard.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's thread: poll, write the batch in one transaction (with the partitions' offsets, {@link StoredOffsets}),
 * then commit exactly the polled offsets to Kafka. When the transaction fails, nothing is committed: the consumer goes
 * back to the offsets stored with the rows and tries again after a growing pause, so no record is ever skipped.
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
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private long lastDatabaseCheckNanos = System.nanoTime();

    SinkLoop(
            Consumer<byte[], byte[]> consumer,
            SinkTopics topics,
            Database database,
            SinkMetrics metrics,
            SinkState state,
            Duration pollTimeout,
            Backoff backoff,
            RejectionExpiry expiry) {
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
                retryLater(plan, e);
                return;
            }
            databaseAnswered();
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

    private void committed(BatchPlan plan, BatchOutcome outcome) {
        stored.written(plan.offsetsAfter());
        metrics.committed(outcome, System.currentTimeMillis());
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
