package org.sleepdelta.dashboard.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A sink instance made of the same parts as {@link SinkService}, whose thread can be made to stall between reading
 * records and writing them, like a long GC pause: with a short {@code max.poll.interval.ms}, the group drops it while
 * it stalls, and it does not know until its next poll.
 */
final class StallingSink implements AutoCloseable {
    final SinkState state = new SinkState();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StallingConsumer consumer;
    private final SinkLoop loop;
    private final Thread thread;

    StallingSink(SinkSettings settings, SinkTopics topics, Duration maxPollInterval) {
        Map<String, Object> config = new HashMap<>(SinkService.consumerConfig(settings));
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
        consumer = new StallingConsumer(config);
        loop = new SinkLoop(
                consumer,
                topics,
                new Database(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(), settings.tls()),
                new SinkMetrics(registry, state),
                state,
                settings.pollTimeout(),
                new Backoff(Duration.ofMillis(100), settings.retryBackoffMax()),
                SinkService.rejectionExpiry(settings.rejectionsRetention(), Clock.systemUTC()),
                settings.maxRowRetries(),
                () -> {});
        thread = new Thread(loop, "stalling-sink");
    }

    void start() {
        state.running = true;
        state.databaseReachable = true;
        thread.start();
    }

    /** The next records read, once there are {@code records} of them, are held until {@link #release()}. */
    void stallOnceItHasRead(int records) {
        consumer.stallAt = records;
    }

    boolean stalled() {
        return consumer.stalled.getCount() == 0;
    }

    void release() {
        consumer.released.countDown();
    }

    /** Transactions it committed. */
    long batchesWritten() {
        return registry.get(SinkMetrics.BATCH).timer().count();
    }

    /** Summed over its tags. */
    double counter(String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Override
    public void close() throws InterruptedException {
        release();
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private static final class StallingConsumer extends KafkaConsumer<byte[], byte[]> {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        volatile int stallAt;

        StallingConsumer(Map<String, Object> config) {
            super(config);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> polled = super.poll(timeout);
            if (stallAt == 0 || polled.isEmpty()) {
                return polled;
            }
            // Keep reading until all the records the test wrote are in hand, so that they make one batch.
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> held = new HashMap<>();
            int count = add(held, polled);
            while (count < stallAt) {
                count += add(held, super.poll(timeout));
            }
            stallAt = 0;
            stalled.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ConsumerRecords<>(held, Map.of());
        }

        private static int add(
                Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> held,
                ConsumerRecords<byte[], byte[]> polled) {
            for (TopicPartition partition : polled.partitions()) {
                held.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(polled.records(partition));
            }
            return polled.count();
        }
    }
}
