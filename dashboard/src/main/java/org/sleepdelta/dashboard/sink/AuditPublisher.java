package org.sleepdelta.dashboard.sink;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the rows of {@code erasure_outbox} to {@code erasure-audit} and deletes each row once Kafka acknowledged it
 * (idempotent producer, {@code acks=all}): when it starts (what a sink that died after its commit left), when the
 * sink committed a batch that wrote audit events ({@link #wake()}), and every {@code interval}. On its own thread
 * and connection, so a slow or absent broker never holds up the dashboard tables.
 *
 * <p>The rows being sent stay locked ({@code FOR UPDATE SKIP LOCKED}) until they are deleted, so two sink
 * instances never send the same row. A crash after the ack and before the delete sends the row again on the next
 * start: consumers of {@code erasure-audit} recognise an event by its erasure id and stage.
 */
final class AuditPublisher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);
    static final int BATCH = 100;
    /** Below the connection's idle-in-transaction timeout, which would end the transaction holding the rows. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    static final String PENDING = "select id, event_key, event_value from erasure_outbox order by id limit " + BATCH
            + " for update skip locked";
    static final String DELETE = "delete from erasure_outbox where id = any(?)";
    static final String COUNT = "select count(*) from erasure_outbox";

    /**
     * Called after the pending rows are read and before they are sent. A seam for tests: throwing here is a sink that
     * died between its database commit and the send.
     */
    @FunctionalInterface
    interface BeforeSend {
        BeforeSend NOTHING = events -> {};

        void beforeSend(int events);
    }

    private final Database database;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final SinkMetrics metrics;
    private final SinkState state;
    private final Duration interval;
    private final Backoff backoff;
    private final BeforeSend beforeSend;
    private final Semaphore work = new Semaphore(0);
    private volatile boolean stopping;

    AuditPublisher(
            Database database,
            Producer<byte[], byte[]> producer,
            String topic,
            SinkMetrics metrics,
            SinkState state,
            Duration interval,
            Backoff backoff,
            BeforeSend beforeSend) {
        this.database = database;
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
        this.state = state;
        this.interval = interval;
        this.backoff = backoff;
        this.beforeSend = beforeSend;
    }

    /** Audit events were committed: send them now rather than at the next interval. */
    void wake() {
        work.release();
    }

    /** Ends the loop after the send in progress; what is not sent stays in the outbox for the next start. */
    void stop() {
        stopping = true;
        work.release();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                Duration pause = interval;
                try {
                    if (publishPending() == BATCH) {
                        continue; // more may be waiting
                    }
                    backoff.reset();
                } catch (SQLException | ExecutionException | TimeoutException | RuntimeException e) {
                    pause = backoff.next();
                    // Neither the driver's messages (logServerErrorDetail=false) nor the producer's name a client.
                    log.warn(
                            "Sending the erasure audit events of erasure_outbox failed; trying again in {} ms: {}",
                            pause.toMillis(),
                            e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                await(pause);
            }
        } finally {
            close();
        }
    }

    /** @return how many events were sent and deleted */
    int publishPending() throws SQLException, ExecutionException, TimeoutException, InterruptedException {
        Connection connection = database.connection();
        try {
            List<Long> ids = new ArrayList<>();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(PENDING);
                    ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getLong(1));
                    records.add(new ProducerRecord<>(
                            topic, result.getString(2).getBytes(StandardCharsets.UTF_8), result.getBytes(3)));
                }
            }
            if (!ids.isEmpty()) {
                beforeSend.beforeSend(ids.size());
                for (ProducerRecord<byte[], byte[]> record : records) {
                    sent.add(producer.send(record));
                }
                producer.flush();
                long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
                for (Future<RecordMetadata> future : sent) {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
                    Array array = connection.createArrayOf("bigint", ids.toArray());
                    statement.setArray(1, array);
                    statement.executeUpdate();
                }
            }
            connection.commit();
            metrics.auditPublished(ids.size());
            state.auditPending = pending(connection);
            return ids.size();
        } catch (SQLException | ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            database.isReachable(); // drops a broken connection, so that the next attempt opens a new one
            throw e;
        }
    }

    private static long pending(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT);
                ResultSet result = statement.executeQuery()) {
            result.next();
            long count = result.getLong(1);
            connection.commit();
            return count;
        }
    }

    private void await(Duration pause) {
        try {
            if (work.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                work.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("Closing the erasure audit producer failed: {}", e.toString());
        }
        database.close();
    }
}
