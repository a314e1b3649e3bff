package org.sleepdelta.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.sleepdelta.embedded.EmbeddedKafkaBroker;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.schemas.TopicBounds;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.streams.TopologySettings;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;

/**
 * A whole pipeline on this machine: a real single-node KRaft broker, the topics, and the streams application.
 *
 * <p>The broker is this pipeline's own, open on the loopback address, so its clients get the properties it needs
 * ({@link #clientProperties()}, none for the open broker), never the kafka.* settings of a configuration file: those
 * describe another cluster.
 */
public final class LocalPipeline implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final KafkaClientProperties clientProperties = KafkaClientProperties.none();
    /**
     * A random master key for this run only: the broker is as short-lived, so nothing written here needs to be read
     * after the process ends. Held in memory, never written to disk.
     */
    private final String masterKeys = MasterKeys.generateEntry("local-1");

    private final Path stateDir;
    private final String applicationId;
    private final Admin admin;
    private SleepChangeApp app;
    private final Thread shutdownHook = new Thread(this::close, "local-pipeline-shutdown");
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPipeline(EmbeddedKafkaBroker broker, Path stateDir, String applicationId) {
        this.broker = broker;
        this.stateDir = stateDir;
        this.applicationId = applicationId;
        this.admin = Admin.create(clientProperties.clientConfig(
                KafkaClientProperties.Kind.ADMIN,
                Map.of(),
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())));
    }

    public static LocalPipeline start(
            String applicationId, TopologySettings topology, int partitions, int streamThreads)
            throws IOException, InterruptedException {
        return start(applicationId, topology, partitions, streamThreads, null);
    }

    /** @param streamsOps where the streams application serves /metrics and /health; null for none */
    public static LocalPipeline start(
            String applicationId, TopologySettings topology, int partitions, int streamThreads, OpsAddress streamsOps)
            throws IOException, InterruptedException {
        return start(applicationId, topology, partitions, streamThreads, streamsOps, null);
    }

    /**
     * @param compactionLag null for the production bounds; else how soon compaction must reach a superseded value on
     *     the compacted topics (segment age and {@code max.compaction.lag.ms}) and in the changelogs, with the
     *     broker's cleaner looking often enough to keep up: to watch an erasure finish in seconds, not days
     */
    public static LocalPipeline start(
            String applicationId,
            TopologySettings topology,
            int partitions,
            int streamThreads,
            OpsAddress streamsOps,
            Duration compactionLag)
            throws IOException, InterruptedException {
        // One hook closes everything in order (streams, then broker); the broker's own hook could stop it first.
        EmbeddedKafkaBroker.Builder brokerSettings =
                EmbeddedKafkaBroker.builder().closeOnJvmExit(false);
        BrokerJars.ofThisInstallation().ifPresent(brokerSettings::brokerJars);
        TopicBounds bounds = TopicBounds.defaults();
        if (compactionLag != null) {
            long cleanerBackoff = Math.max(100, Math.min(15_000, compactionLag.toMillis() / 4));
            brokerSettings.brokerProperty("log.cleaner.backoff.ms", Long.toString(cleanerBackoff));
            bounds = new TopicBounds(
                    bounds.rejectionsRetention(), bounds.tombstoneRetention(), compactionLag, compactionLag);
            // Only the bound changes: the caller's other settings (views, sweep slices) stay as given.
            topology = topology.withChangelogCompactionBound(compactionLag);
        }
        EmbeddedKafkaBroker broker = brokerSettings.start();
        LocalPipeline pipeline =
                new LocalPipeline(broker, Files.createTempDirectory("sleepdelta-state"), applicationId);
        Runtime.getRuntime().addShutdownHook(pipeline.shutdownHook);
        try {
            TopicSetup.ensure(pipeline.admin, partitions, (short) 1, bounds);
            pipeline.app = SleepChangeApp.start(
                    new StreamsAppSettings(
                                    broker.bootstrapServers(),
                                    applicationId,
                                    pipeline.stateDir,
                                    StreamsConfig.EXACTLY_ONCE_V2,
                                    streamThreads,
                                    Duration.ofMillis(100),
                                    topology,
                                    Map.of(),
                                    streamsOps,
                                    pipeline.clientProperties)
                            .withMasterKeys(pipeline.masterKeys()),
                    Duration.ofSeconds(90));
            return pipeline;
        } catch (InterruptedException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** What every client of this pipeline's broker needs besides its address (readers, producers). */
    public KafkaClientProperties clientProperties() {
        return clientProperties;
    }

    /** The master key of this run, as text for SLEEPDELTA_MASTER_KEYS (the demo's ingest service). */
    public String masterKeysText() {
        return masterKeys;
    }

    /** The master keys the streams application opens payloads with, for producers of this pipeline's input. */
    public MasterKeys masterKeys() {
        return MasterKeys.parse(masterKeys);
    }

    /** The streams application's state directory (RocksDB stores). */
    public Path stateDir() {
        return stateDir;
    }

    public String applicationId() {
        return applicationId;
    }

    public Admin admin() {
        return admin;
    }

    public SleepChangeApp app() {
        return app;
    }

    /** Streams first, then the broker; safe to call twice (the shutdown hook and the owner may both call it). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shutdownAlreadyRunning) {
                // the hook is running close() too; the flag above makes one of them return
            }
        }
        if (app != null) {
            app.close();
        }
        admin.close(Duration.ofSeconds(5));
        broker.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
