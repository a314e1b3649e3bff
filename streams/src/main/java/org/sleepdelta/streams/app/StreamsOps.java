package org.sleepdelta.streams.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.sleepdelta.streams.TopologyMetrics;

/**
 * The streams service's metrics and ops endpoints: the topology's counters, Kafka Streams' own metrics (client,
 * threads, and its consumers and producers; not the per-task ones, see {@link TaskLevelMetricsFilter}),
 * {@value #RUNNING} and the JVM's, served with the health on
 * {@link OpsHttpServer}. Ready means RUNNING: while it rebalances or restores state, an instance processes nothing.
 * Without an address (demo, replay, tests) nothing is counted or served.
 */
final class StreamsOps implements AutoCloseable {
    static final String SERVICE = "streams";
    static final String RUNNING = "sleepdelta.streams.running";
    static final String ROCKSDB_MEMORY_USED = "sleepdelta.streams.rocksdb.memory.used.bytes";
    static final String ROCKSDB_MEMORY_LIMIT = "sleepdelta.streams.rocksdb.memory.limit.bytes";
    /**
     * How often Kafka's metric list is checked for new metrics (tasks assigned, threads replaced); values themselves
     * are read at each scrape. Micrometer's default is a minute.
     */
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(15);

    private final OpsAddress address;
    private final ServiceMetrics metrics;
    private ScheduledExecutorService kafkaMetricsRefresh;
    private OpsHttpServer server;
    private boolean closed;

    private StreamsOps(OpsAddress address) {
        this.address = address;
        this.metrics = address == null ? null : ServiceMetrics.create(SERVICE, new TaskLevelMetricsFilter());
    }

    /** @param address where to serve, or null for nothing at all */
    static StreamsOps of(OpsAddress address) {
        return new StreamsOps(address);
    }

    TopologyMetrics topologyMetrics() {
        return metrics == null ? TopologyMetrics.none() : TopologyMetrics.on(metrics.registry());
    }

    /** Binds the instance's metrics and starts serving; call once, before {@code streams.start()}. */
    void watch(KafkaStreams streams) {
        if (metrics == null) {
            return;
        }
        kafkaMetricsRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-streams-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        metrics.bind(new KafkaStreamsMetrics(streams, Tags.empty(), kafkaMetricsRefresh, KAFKA_METRICS_REFRESH));
        Gauge.builder(RUNNING, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING, 0 in any other state (rebalancing, restoring, stopped)")
                .strongReference(true)
                .register(metrics.registry());
        server = OpsHttpServer.start(address, metrics, () -> {
            KafkaStreams.State state = streams.state();
            return (state == KafkaStreams.State.RUNNING ? Health.UP : Health.DOWN).with("state", state.name());
        });
    }

    /** Exports what the instance's RocksDB stores use of their shared memory, and its bound. */
    void watch(RocksDbMemory memory) {
        if (metrics == null) {
            return;
        }
        Gauge.builder(ROCKSDB_MEMORY_USED, memory, RocksDbMemory::usedBytes)
                .description("bytes in the RocksDB stores' shared block cache: data, index and filter blocks, and the"
                        + " memtables charged to it")
                .strongReference(true)
                .register(metrics.registry());
        Gauge.builder(ROCKSDB_MEMORY_LIMIT, memory, RocksDbMemory::totalBytes)
                .description("the bound of the RocksDB stores' shared memory (rocksdb-memory)")
                .strongReference(true)
                .register(metrics.registry());
    }

    /** @throws IllegalStateException when there are no ops endpoints */
    int port() {
        if (server == null) {
            throw new IllegalStateException("this instance serves no ops endpoints (no metrics address)");
        }
        return server.port();
    }

    /** Idempotent: the service's shutdown hook and its caller may both close. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (kafkaMetricsRefresh != null) {
            kafkaMetricsRefresh.shutdownNow();
        }
    }
}
