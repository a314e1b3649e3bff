package org.sleepdelta.cli.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * Reads the dashboard topic from the beginning as a downstream consumer would (read_committed), keeping the
 * latest value per key, and measures ingest-to-metric latency from the ingest-time header of each record.
 */
public final class DashboardFollower implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, SleepChangeMetric> latest = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    /** Per record read: when ingest accepted its input and how long until it was read, both in milliseconds. */
    private final List<long[]> latenciesMs = new ArrayList<>();

    private final AtomicLong records = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<TopicPartition> assignment = new ArrayList<>();

    /** @param kafka kafka.* client properties for the consumer (security, tuning) */
    public DashboardFollower(String bootstrapServers, KafkaClientProperties kafka, int partitions) {
        consumer = new KafkaConsumer<>(
                config(bootstrapServers, kafka), new StringDeserializer(), new ByteArrayDeserializer());
        for (int p = 0; p < partitions; p++) {
            assignment.add(new TopicPartition(Topics.SLEEP_CHANGE_METRICS, p));
        }
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        thread = new Thread(this::run, "dashboard-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** kafka.* and kafka.consumer.* under what a downstream reader needs (read_committed) and its name. */
    static Map<String, Object> config(String bootstrapServers, KafkaClientProperties kafka) {
        return kafka.clientConfig(
                KafkaClientProperties.Kind.CONSUMER,
                Map.of(),
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        IsolationLevel.READ_COMMITTED.toString(),
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "sleepdelta-dashboard-follower"));
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), Codecs.sleepChangeMetric().decode(r.value()));
                    }
                    long ingestedAt = PipelineHeaders.ingestedAt(r.headers());
                    if (ingestedAt > 0) {
                        synchronized (latenciesMs) {
                            latenciesMs.add(new long[] {ingestedAt, now - ingestedAt});
                        }
                    }
                    records.incrementAndGet();
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

    /** Waits until everything committed to the dashboard topic so far has been read. */
    public boolean awaitCaughtUp(Admin admin, Duration timeout) throws Exception {
        Map<TopicPartition, Long> ends = CommittedEnds.of(admin, assignment);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (failure.get() != null) {
                throw new IllegalStateException("reading the dashboard topic failed", failure.get());
            }
            boolean caughtUp =
                    ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
            if (caughtUp) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    public Map<String, SleepChangeMetric> latest() {
        return new HashMap<>(latest);
    }

    public long recordsRead() {
        return records.get();
    }

    /** Latencies in milliseconds, sorted, of the records whose input ingest accepted in [from, to). */
    public long[] latenciesMs(long acceptedFromMillis, long acceptedToMillis) {
        synchronized (latenciesMs) {
            return latenciesMs.stream()
                    .filter(l -> l[0] >= acceptedFromMillis && l[0] < acceptedToMillis)
                    .mapToLong(l -> l[1])
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
