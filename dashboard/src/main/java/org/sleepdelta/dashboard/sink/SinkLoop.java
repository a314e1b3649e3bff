package org.sleepdelta.dashboard.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's thread: poll, write the batch in one transaction, then commit exactly the polled offsets. When the
 * transaction fails, nothing is committed: the consumer goes back to the last committed offsets and tries again
 * after a growing pause, so no record is ever skipped.
 */
final class SinkLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);
    private static final Duration IDLE_DATABASE_CHECK = Duration.ofSeconds(10);
    private static final Duration COMMITTED_LOOKUP_TIMEOUT = Duration.ofSeconds(10);
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
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private long lastDatabaseCheckNanos = System.nanoTime();

    SinkLoop(Consumer<byte[], byte[]> consumer, SinkTopics topics, Database database, SinkMetrics metrics,
            SinkState state, Duration pollTimeout, Backoff backoff) {
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
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics.all(), commits);
            while (!stopping()) {
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
                    apply(BatchPlan.of(polled, reader));
                }
                updateLag();
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

    private void apply(BatchPlan plan) {
        BatchOutcome outcome;
        try {
            outcome = writer.write(database.connection(), plan);
        } catch (SQLException | RuntimeException e) {
            retryLater(plan, e);
            return;
        }
        long now = System.currentTimeMillis();
        state.databaseReachable = true;
        lastDatabaseCheckNanos = System.nanoTime();
        backoff.reset();
        metrics.committed(outcome, now);
        plan.rejections.forEach(r -> log.warn("Record {} stored in sink_rejections: {} ({})", r.location(),
                r.reason(), r.detail()));
        commits.commit(plan.nextOffsets);
    }

    private void retryLater(BatchPlan plan, Exception e) {
        metrics.failed();
        // Also drops a broken connection, so that the next attempt opens a new one.
        state.databaseReachable = database.isReachable();
        lastDatabaseCheckNanos = System.nanoTime();
        rewind(plan);
        Duration pause = backoff.next();
        // The driver keeps parameter values out of its messages (logServerErrorDetail=false): no health data here.
        log.warn("Database transaction of {} record(s) failed and was rolled back; reading them again in {} ms: {}",
                plan.records, pause.toMillis(), e.toString());
        try {
            stopRequested.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }

    /** Back to the last committed offset of each partition of the failed batch (its first offset if none). */
    private void rewind(BatchPlan plan) {
        Set<TopicPartition> partitions = new HashSet<>(plan.firstOffsets.keySet());
        partitions.retainAll(consumer.assignment());
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(partitions, COMMITTED_LOOKUP_TIMEOUT);
        } catch (KafkaException e) { // also a WakeupException from stop()
            // Everything before the batch's first offsets is in the database, so going back there skips nothing.
            committed = Map.of();
        }
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            consumer.seek(partition, offset != null ? offset.offset() : plan.firstOffsets.get(partition));
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
