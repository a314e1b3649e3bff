package org.sleepdelta.cli.bench.freshness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.sleepdelta.cli.run.CommittedEnds;
import org.sleepdelta.schemas.PipelineHeaders;

/**
 * Reads output topics as a downstream consumer would (read_committed, Kafka's default fetch settings) from their end
 * at start, and notes for every record when it became visible here and when ingest accepted the input that caused it
 * (the ingest-time header the pipeline carries to its outputs).
 */
final class LatencyRecorder implements AutoCloseable {
    /** One output: its topic, its input's ingest time and the latency until it was read, both in milliseconds. */
    record Visible(String topic, long ingestedAtMillis, long latencyMillis) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> assignment = new ArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final List<Visible> visible = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    LatencyRecorder(String bootstrapServers, List<String> topics) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        IsolationLevel.READ_COMMITTED.toString(),
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "sleepdelta-freshness-probe"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        for (String topic : topics) {
            for (PartitionInfo partition : consumer.partitionsFor(topic)) {
                assignment.add(new TopicPartition(topic, partition.partition()));
            }
        }
        consumer.assign(assignment);
        consumer.seekToEnd(assignment);
        // Resolve the end offsets now, before anything is sent: what is read later is the run's output only.
        for (TopicPartition tp : assignment) {
            positions.put(tp, consumer.position(tp));
        }
        thread = new Thread(this::run, "freshness-latency-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    long ingestedAt = PipelineHeaders.ingestedAt(r.headers());
                    if (ingestedAt > 0) {
                        synchronized (visible) {
                            visible.add(new Visible(r.topic(), ingestedAt, now - ingestedAt));
                        }
                    }
                }
                for (TopicPartition tp : assignment) {
                    positions.put(tp, consumer.position(tp));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until everything committed to the topics so far has been read. */
    boolean awaitCaughtUp(Admin admin, Duration timeout) throws Exception {
        Map<TopicPartition, Long> ends = CommittedEnds.of(admin, assignment);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (failure.get() != null) {
                throw new IllegalStateException("reading the output topics failed", failure.get());
            }
            if (ends.entrySet().stream().allMatch(e -> positions.get(e.getKey()) >= e.getValue())) {
                return true;
            }
            Thread.sleep(50); // polling the reader thread's progress; it has no completion to wait on
        }
        return false;
    }

    /** Latencies in milliseconds, sorted, of one topic's outputs whose input was accepted in [from, to). */
    long[] latencies(String topic, long fromMillis, long toMillis) {
        synchronized (visible) {
            return visible.stream()
                    .filter(v -> v.topic().equals(topic)
                            && v.ingestedAtMillis() >= fromMillis
                            && v.ingestedAtMillis() < toMillis)
                    .mapToLong(Visible::latencyMillis)
                    .sorted()
                    .toArray();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
