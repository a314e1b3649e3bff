package org.sleepdelta.streams.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.crypto.ClientKeyDirectory;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;
import org.sleepdelta.streams.SleepChangeTopology;
import org.sleepdelta.streams.TopologyMetrics;
import org.sleepdelta.streams.TopologySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sleep-change topology: starts it, waits until it runs, and closes it cleanly. */
public final class SleepChangeApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SleepChangeApp.class);

    private final StreamsOps ops;
    private final ClientKeyDirectory keys;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** How the app gets its topology: {@link SleepChangeTopology#build}, or in tests one with a store that fails. */
    @FunctionalInterface
    interface TopologyFactory {
        Topology build(TopologySettings settings, TopologyMetrics metrics, PayloadDecryptor decryptor);
    }

    /** How long the client-keys topic is trusted between reads to its end: an erased key is dropped within this. */
    static final Duration CLIENT_KEYS_REFRESH = Duration.ofSeconds(5);

    private SleepChangeApp(
            StreamsAppSettings settings, TopologyFactory topology, KafkaStreams.StateListener stateObserver) {
        ops = StreamsOps.of(settings.ops());
        ClientKeyDirectory directory = null;
        try {
            PayloadDecryptor decryptor = PayloadDecryptor.plaintextOnly();
            if (settings.masterKeys() != null) {
                directory = ClientKeyDirectory.open(
                        settings.kafka()
                                .clientConfig(
                                        KafkaClientProperties.Kind.CONSUMER,
                                        Map.of(),
                                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers())),
                        Topics.CLIENT_KEYS,
                        settings.masterKeys(),
                        CLIENT_KEYS_REFRESH,
                        Duration.ofSeconds(60));
                decryptor = new PayloadDecryptor(directory);
            }
            Properties props = properties(settings);
            // The handler counts what it skips into our metrics; Kafka passes this entry to its configure().
            props.put(ProductionErrorHandler.METRICS_CONFIG, ops.topologyMetrics());
            // At 0 from the start, like the other streams counters, not only once a stream thread made its handler.
            ops.topologyMetrics().productionErrors(TopologyMetrics.PRODUCTION_ERROR_TOO_LARGE);
            ops.topologyMetrics().productionErrors(TopologyMetrics.PRODUCTION_ERROR_SERIALIZATION);
            streams = new KafkaStreams(topology.build(settings.topology(), ops.topologyMetrics(), decryptor), props);
            if (props.get(BoundedRocksDbMemory.MEMORY_CONFIG) instanceof RocksDbMemory memory) {
                ops.watch(memory);
            }
        } catch (RuntimeException e) {
            if (directory != null) {
                directory.close();
            }
            ops.close();
            throw e;
        }
        keys = directory;
        streams.setStateListener((now, before) -> {
            stateObserver.onChange(now, before);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.NOT_RUNNING
                    || now == KafkaStreams.State.PENDING_ERROR) {
                stopped.countDown();
                running.countDown();
            }
        });
        // Bad records never reach here (they become rejections); anything that does is a bug or an outage,
        // and a stopped client with a clear log line is safer than a thread that loops on it.
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            log.error("stream thread failed; stopping this instance", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            ops.watch(streams); // serves /health/ready (503) while the instance starts and restores
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the application and waits until it is RUNNING (or fails). */
    public static SleepChangeApp start(StreamsAppSettings settings, Duration startupTimeout)
            throws InterruptedException {
        return start(settings, startupTimeout, SleepChangeTopology::build, (now, before) -> {});
    }

    /**
     * With another topology and an observer of every state change: tests inject a processing failure and check that
     * the app never leaves RUNNING.
     */
    static SleepChangeApp start(
            StreamsAppSettings settings,
            Duration startupTimeout,
            TopologyFactory topology,
            KafkaStreams.StateListener stateObserver)
            throws InterruptedException {
        SleepChangeApp app = new SleepChangeApp(settings, topology, stateObserver);
        app.streams.start();
        if (!app.running.await(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            app.close();
            throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + startupTimeout);
        }
        if (app.streams.state() != KafkaStreams.State.RUNNING
                && app.streams.state() != KafkaStreams.State.REBALANCING) {
            Throwable cause = app.failure.get();
            app.close();
            throw new IllegalStateException(
                    "Kafka Streams stopped while starting: " + (cause == null ? "see log" : cause), cause);
        }
        return app;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * The port of {@code /metrics} and {@code /health/*} (the one picked, when configured as 0).
     *
     * @throws IllegalStateException when the settings named no metrics address
     */
    public int metricsPort() {
        return ops.port();
    }

    /** Blocks until the application stops on its own (failure) — for the long-running service. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public Throwable failure() {
        return failure.get();
    }

    /**
     * Our tuning, then the kafka.* pass-through (kafka.streams.* beating kafka.*), then what our settings and the
     * pipeline's correctness fix, then {@link StreamsAppSettings#extraStreamsConfig()}.
     */
    static Properties properties(StreamsAppSettings s) {
        Map<String, Object> tuning = new HashMap<>();
        // The topology keeps its own lookups in stores; caching would only delay emitted revisions.
        tuning.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        if (s.rocksDbMemoryBytes() > 0) {
            // Every RocksDB store of the instance within rocksdb-memory; kafka.streams.rocksdb.config.setter replaces
            // it.
            tuning.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        }
        // Unprefixed, so that kafka.compression.type and kafka.streams.compression.type can change it.
        tuning.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Map<String, Object> required = new HashMap<>();
        required.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        required.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        required.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
        required.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.processingGuarantee());
        required.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.streamThreads());
        required.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
        required.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // An output record too large for the broker, or not serialisable, is skipped and counted rather than
        // killing the thread on every restart; other production errors still fail it.
        required.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionErrorHandler.class.getName());
        // Clinic ingest writes each batch as one transaction and aborts it on failure; only read_committed hides the
        // aborted records. Kafka Streams sets it by itself under exactly-once only, so it is set here for
        // at-least-once.
        required.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        Properties p = new Properties();
        p.putAll(s.kafka().clientConfig(KafkaClientProperties.Kind.STREAMS, tuning, required));
        // One per instance, so that each instance in a JVM has its own bound; BoundedRocksDbMemory finds it here.
        if (s.rocksDbMemoryBytes() > 0) {
            p.put(BoundedRocksDbMemory.MEMORY_CONFIG, new RocksDbMemory(s.rocksDbMemoryBytes()));
        }
        for (Map.Entry<String, Object> e : s.extraStreamsConfig().entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        return p;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        stopped.countDown();
        if (keys != null) {
            keys.close();
        }
        ops.close();
    }
}
