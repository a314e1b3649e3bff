package org.sleepdelta.dashboard.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL sink: the dashboard topics ({@code sleep-change-metrics}, {@code nightly-sleep}) into the tables
 * analysts and Grafana read ({@code sleep_change}, {@code nightly_sleep}), and the erasure requests of
 * {@code client-erasures} ({@link ClientErasures}), whose audit events it sends to {@code erasure-audit}
 * ({@link AuditPublisher}).
 *
 * <pre>{@code
 * Configuration config = ConfigLoader.of(SinkConfiguration.ALL).file(configFile).load();
 * try (SinkService sink = new SinkService(config, prometheusRegistry)) {
 *     sink.start();
 *     ... sink.status().ready() ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} waits for the database to accept a connection ({@code database-wait}), brings its schema up to
 * date (Flyway) and then consumes on a thread of its own:
 * {@code read_committed}, one database transaction per poll, which also stores how far the tables are in each
 * partition ({@code sink_offsets}); Kafka offsets are committed only after that transaction. A partition is read from
 * its stored offset, and an instance that lost a partition cannot write it any more ({@link StoredOffsets}).
 */
public final class SinkService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration FIRST_DATABASE_WAIT = Duration.ofMillis(500);
    private static final Duration REJECTION_EXPIRY_INTERVAL = Duration.ofHours(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(30);
    /** How often the audit publisher looks at the outbox when no commit woke it up. */
    private static final Duration AUDIT_INTERVAL = Duration.ofSeconds(30);

    private final SinkSettings settings;
    private final SinkTopics topics;
    private final SinkState state = new SinkState();
    private final SinkMetrics metrics;
    private final AuditPublisher.BeforeSend beforeAuditSend;
    private SinkLoop loop;
    private Thread thread;
    private AuditPublisher publisher;
    private Thread publisherThread;
    private boolean started;
    private boolean closed;
    /** Counted down by close(), so that a start waiting for the database gives up at once. */
    private final CountDownLatch closing = new CountDownLatch(1);

    /** With its meters in a {@link SimpleMeterRegistry} of its own. */
    public SinkService(Configuration config) {
        this(config, new SimpleMeterRegistry());
    }

    /** @param registry where the meters go ({@link SinkMetrics}); one sink per registry */
    public SinkService(Configuration config, MeterRegistry registry) {
        this(SinkConfiguration.settings(config), SinkTopics.standard(), registry);
    }

    SinkService(SinkSettings settings, SinkTopics topics, MeterRegistry registry) {
        this(settings, topics, registry, AuditPublisher.BeforeSend.NOTHING);
    }

    /** @param beforeAuditSend a seam for tests: throwing there is a sink that died after its commit, before the send */
    SinkService(
            SinkSettings settings,
            SinkTopics topics,
            MeterRegistry registry,
            AuditPublisher.BeforeSend beforeAuditSend) {
        this.settings = settings;
        this.topics = topics;
        this.metrics = new SinkMetrics(registry, state);
        this.beforeAuditSend = beforeAuditSend;
    }

    /**
     * Waits for the database to accept a connection (up to {@code database-wait}), migrates it, then starts consuming.
     * Returns once consuming has started; records are applied in the background. While it waits, {@link #status()}
     * is not ready, and each attempt logs one line.
     *
     * @throws IllegalStateException with a message for people (the URL without parameters, never the password): when
     *                               the database did not answer in time, refused the connection for another reason
     *                               (a wrong password, a missing database), or could not be migrated; when the sink
     *                               was closed meanwhile; or when it was started before
     */
    public void start() {
        start(false);
    }

    /**
     * As {@link #start()}; with {@code rebuildCompactedTables}, before it consumes, empties the tables of the
     * compacted topics and sets their stored offsets to 0 ({@link SinkRebuild}), so that it reads the topics again
     * from their beginning and the tables end up holding exactly the live keys. For after a sink outage longer than
     * the topics' {@code delete.retention.ms}; no other sink instance of the database may be running.
     */
    public void start(boolean rebuildCompactedTables) {
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException("a SinkService starts once");
            }
            started = true;
        }
        Database database =
                new Database(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(), settings.tls());
        try {
            new DatabaseWait(
                            database,
                            settings.jdbcUrlForLogs(),
                            settings.databaseWait(),
                            new Backoff(
                                    min(FIRST_DATABASE_WAIT, settings.retryBackoffMax()), settings.retryBackoffMax()),
                            closing)
                    .await();
            migrate();
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(settings));
            try {
                if (rebuildCompactedTables) {
                    rebuild(database, consumer);
                }
                startConsuming(database, consumer);
            } catch (RuntimeException e) {
                consumer.close();
                throw e;
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private void migrate() {
        try {
            Migrations.run(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword());
        } catch (RuntimeException e) {
            throw new SinkStartException(
                    "could not bring the dashboard database at " + settings.jdbcUrlForLogs() + " up to date: "
                            + e.getMessage(),
                    e);
        }
    }

    private void rebuild(Database database, KafkaConsumer<byte[], byte[]> consumer) {
        Map<String, Integer> partitions = new HashMap<>();
        try {
            for (String topic : topics.all()) {
                partitions.put(
                        topic, consumer.partitionsFor(topic, REBUILD_TIMEOUT).size());
            }
            Map<String, Integer> deleted = SinkRebuild.run(database, topics, partitions);
            log.info("Rebuild: deleted rows {}; reading {} from their beginning", deleted, topics.all());
        } catch (SQLException | RuntimeException e) {
            throw new SinkStartException(
                    "could not rebuild the tables of " + topics.all() + " in " + settings.jdbcUrlForLogs()
                            + " (--rebuild): " + e.getMessage(),
                    e);
        }
    }

    private synchronized void startConsuming(Database database, KafkaConsumer<byte[], byte[]> consumer) {
        if (closed) {
            throw new IllegalStateException("the sink was closed while it started");
        }
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(settings));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        publisher = new AuditPublisher(
                new Database(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(), settings.tls()),
                producer,
                topics.erasureAudit(),
                metrics,
                state,
                AUDIT_INTERVAL,
                new Backoff(FIRST_RETRY, settings.retryBackoffMax()),
                beforeAuditSend);
        loop = new SinkLoop(
                consumer,
                topics,
                database,
                metrics,
                state,
                settings.pollTimeout(),
                new Backoff(FIRST_RETRY, settings.retryBackoffMax()),
                rejectionExpiry(settings.rejectionsRetention(), Clock.systemUTC()),
                settings.maxRowRetries(),
                publisher::wake);
        thread = new Thread(loop, "sleepdelta-sink");
        // First, so that what a sink that died after its commit left in the outbox goes out now.
        publisherThread = new Thread(publisher, "sleepdelta-sink-audit");
        publisherThread.start();
        state.databaseReachable = true;
        state.running = true;
        thread.start();
        log.info("Sink consuming {} as group {} into {}", topics.all(), settings.groupId(), settings.jdbcUrlForLogs());
    }

    /** Hourly, in transactions of 1000 rows, at most 10 of them before the sink reads records again. */
    static RejectionExpiry rejectionExpiry(Duration retention, Clock clock) {
        return new RejectionExpiry(retention, clock, REJECTION_EXPIRY_INTERVAL, 1000, 10);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Our tuning, then the kafka.* pass-through (kafka.consumer.* beating kafka.*), then what the sink's correctness
     * and its own settings fix, which nothing overrides.
     */
    static Map<String, Object> consumerConfig(SinkSettings settings) {
        Map<String, Object> tuning = Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Only what the streams application committed; offsets only after the database transaction.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group reads the compacted topics from their start: the tables then hold every live key.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchMaxRecords());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Bytes, decoded by the sink: an undecodable value becomes a rejection instead of failing the poll.
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return settings.kafka().clientConfig(KafkaClientProperties.Kind.CONSUMER, tuning, config);
    }

    /**
     * The producer of the erasure audit events: idempotent with {@code acks=all}, so a retried send is written once
     * and only acknowledged when every in-sync replica has it; a send fails within {@link AuditPublisher#SEND_TIMEOUT}.
     */
    static Map<String, Object> producerConfig(SinkSettings settings) {
        int timeout = (int) AuditPublisher.SEND_TIMEOUT.toMillis();
        Map<String, Object> tuning = Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeout / 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeout / 2,
                ProducerConfig.LINGER_MS_CONFIG,
                0);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return settings.kafka().clientConfig(KafkaClientProperties.Kind.PRODUCER, tuning, config);
    }

    /** For {@code /health/ready}: ready when the database answers and this instance owns partitions. */
    public SinkStatus status() {
        return state.status();
    }

    /** For measurements in tests. */
    SinkState state() {
        return state;
    }

    /** Where {@code /metrics} is to be served ({@code metrics-port}). */
    public int metricsPort() {
        return settings.metricsPort();
    }

    /**
     * Stops consuming: a transaction in progress completes and its offsets are committed, then the consumer leaves
     * its group. A {@link #start()} waiting for the database gives up. Idempotent.
     */
    @Override
    public void close() {
        closing.countDown();
        stop();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The sink's thread did not stop within {} s", STOP_TIMEOUT.toSeconds());
        }
        publisher.stop();
        try {
            publisherThread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (publisherThread.isAlive()) {
            log.warn("The sink's audit publisher did not stop within {} s", STOP_TIMEOUT.toSeconds());
        }
    }
}
