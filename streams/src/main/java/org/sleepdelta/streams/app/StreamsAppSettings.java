package org.sleepdelta.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.streams.TopologySettings;

/**
 * Everything needed to run the topology against a cluster.
 *
 * @param extraStreamsConfig raw Kafka Streams properties from code, applied last (replication factor, client id)
 * @param ops                where to serve {@code /metrics} and {@code /health/*}; null serves nothing and counts nothing
 * @param kafka              kafka.* client properties from the configuration, applied by
 *                           {@link KafkaClientProperties#clientConfig} under the settings above
 * @param masterKeys         what unwraps the client data keys of {@code client-keys}, to open encrypted input; null
 *                           in tests of plaintext input only (an encrypted record is then rejected as undecodable)
 * @param rocksDbMemoryBytes what all RocksDB stores of the instance share: block cache, index, filters and memtables;
 *                           0 leaves each store Kafka Streams' own defaults
 *                           ({@link RocksDbMemory})
 */
public record StreamsAppSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        TopologySettings topology,
        Map<String, Object> extraStreamsConfig,
        OpsAddress ops,
        KafkaClientProperties kafka,
        MasterKeys masterKeys,
        long rocksDbMemoryBytes) {

    public static final String DEFAULT_APPLICATION_ID = "sleepdelta-streams";
    /** A bound to start from when setting {@code rocksdb-memory}; unset, the stores take Kafka Streams' own defaults. */
    public static final long SUGGESTED_ROCKSDB_MEMORY_BYTES = 256L << 20;

    /** No bound: every RocksDB store gets Kafka Streams' per-store defaults. */
    public static final long UNBOUNDED_ROCKSDB_MEMORY = 0;

    public StreamsAppSettings {
        kafka = kafka == null ? KafkaClientProperties.none() : kafka;
    }

    /** With the default RocksDB memory bound. */
    public StreamsAppSettings(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            String processingGuarantee,
            int streamThreads,
            Duration commitInterval,
            TopologySettings topology,
            Map<String, Object> extraStreamsConfig,
            OpsAddress ops,
            KafkaClientProperties kafka,
            MasterKeys masterKeys) {
        this(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                ops,
                kafka,
                masterKeys,
                UNBOUNDED_ROCKSDB_MEMORY);
    }

    /** Without master keys: encrypted input is rejected as undecodable (plaintext tests, benchmarks). */
    public StreamsAppSettings(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            String processingGuarantee,
            int streamThreads,
            Duration commitInterval,
            TopologySettings topology,
            Map<String, Object> extraStreamsConfig,
            OpsAddress ops,
            KafkaClientProperties kafka) {
        this(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                ops,
                kafka,
                null);
    }

    /** The same settings, opening encrypted input with these master keys' data keys from {@code client-keys}. */
    public StreamsAppSettings withMasterKeys(MasterKeys keys) {
        return new StreamsAppSettings(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                ops,
                kafka,
                keys,
                rocksDbMemoryBytes);
    }

    /** The same settings, with all RocksDB stores of the instance bounded to this many bytes together. */
    public StreamsAppSettings withRocksDbMemory(long bytes) {
        return new StreamsAppSettings(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                ops,
                kafka,
                masterKeys,
                bytes);
    }

    /** Without kafka.* client properties: for an open cluster (tests, the embedded broker). */
    public StreamsAppSettings(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            String processingGuarantee,
            int streamThreads,
            Duration commitInterval,
            TopologySettings topology,
            Map<String, Object> extraStreamsConfig,
            OpsAddress ops) {
        this(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                ops,
                KafkaClientProperties.none());
    }

    /** Without ops endpoints: for running the topology inside another command (demo, replay) or a test. */
    public StreamsAppSettings(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            String processingGuarantee,
            int streamThreads,
            Duration commitInterval,
            TopologySettings topology,
            Map<String, Object> extraStreamsConfig) {
        this(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                null,
                KafkaClientProperties.none());
    }
}
