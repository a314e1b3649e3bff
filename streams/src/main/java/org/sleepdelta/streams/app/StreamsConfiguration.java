package org.sleepdelta.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.metric.SourcePriority;
import org.sleepdelta.platform.config.ByteSize;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.HostPort;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.config.Setting;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.schemas.TopicBounds;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.streams.TopologySettings;

/** The settings the streams service reads (defaults &lt; file &lt; SLEEPDELTA_* environment). */
public final class StreamsConfiguration {
    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
        AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

        final String kafkaName;

        ProcessingGuarantee(String kafkaName) {
            this.kafkaName = kafkaName;
        }
    }

    public static final Setting<List<HostPort>> BOOTSTRAP_SERVERS =
            Setting.hostPorts("bootstrap-servers").withDefault("127.0.0.1:9092");
    public static final Setting<String> APPLICATION_ID =
            Setting.string("application-id").withDefault(StreamsAppSettings.DEFAULT_APPLICATION_ID);
    public static final Setting<String> STATE_DIR = Setting.string("state-dir")
            .withDefault(Path.of(System.getProperty("java.io.tmpdir"), "sleepdelta-streams")
                    .toString());
    public static final Setting<ProcessingGuarantee> PROCESSING_GUARANTEE =
            Setting.oneOf("processing-guarantee", ProcessingGuarantee.class).withDefault("EXACTLY_ONCE_V2");
    public static final Setting<Integer> STREAM_THREADS =
            Setting.integer("stream-threads", 1, 64).withDefault("1");
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.duration(
                    "commit-interval", Duration.ofMillis(10), Duration.ofMinutes(10))
            .withDefault("100ms");
    public static final Setting<Integer> PARTITIONS =
            Setting.integer("partitions", 1, 1000).withDefault("6");
    /** For topics the service creates and for Kafka Streams' internal topics; 3 on a production cluster. */
    public static final Setting<Integer> REPLICATION_FACTOR =
            Setting.integer("replication-factor", 1, 7).withDefault("1");

    /**
     * How long the {@code rejected-records} topic keeps a record, when this service creates it: a rejected record may
     * carry health data and is needed only to diagnose it, as long as the sink keeps its {@code sink_rejections} row.
     */
    public static final Setting<Duration> REJECTED_RECORDS_RETENTION = Setting.duration(
                    "rejected-records-retention", Duration.ofHours(1), Duration.ofDays(3650))
            .withDefault(Topics.DEFAULT_REJECTIONS_RETENTION.toDays() + "d");

    /**
     * How long a compacted topic keeps a tombstone once the cleaner has reached it ({@code delete.retention.ms}), when
     * this service creates the topic; also the retention of {@code client-erasures}. A sink lagging longer misses
     * deletes and must be rebuilt ({@code sleepdelta sink --rebuild}).
     */
    public static final Setting<Duration> TOMBSTONE_RETENTION = Setting.duration(
                    "tombstone-retention", Duration.ofHours(1), Duration.ofDays(3650))
            .withDefault(Topics.TOMBSTONE_RETENTION.toDays() + "d");

    /** When a compacted topic's active segment is rolled ({@code segment.ms}), when this service creates it. */
    public static final Setting<Duration> COMPACTED_SEGMENT_AGE = Setting.duration(
                    "compacted-segment-age", Duration.ofMinutes(1), Duration.ofDays(365))
            .withDefault(Topics.COMPACTED_SEGMENT_AGE.toDays() + "d");

    /**
     * Longest time a record of a compacted topic stays uncompacted ({@code max.compaction.lag.ms}), when this service
     * creates the topic: with {@link #COMPACTED_SEGMENT_AGE} it bounds how long a superseded value stays readable.
     */
    public static final Setting<Duration> MAX_COMPACTION_LAG = Setting.duration(
                    "max-compaction-lag", Duration.ofMinutes(1), Duration.ofDays(365))
            .withDefault(Topics.MAX_COMPACTION_LAG.toDays() + "d");

    public static final Setting<Integer> RETENTION_DAYS = Setting.integer("retention-days", 1, 3650)
            .withDefault(Integer.toString(TopologySettings.DEFAULT_RETENTION_DAYS));
    public static final Setting<Integer> LATE_GRACE_DAYS = Setting.integer("late-grace-days", 0, 365)
            .withDefault(Integer.toString(MetricSettings.DEFAULT_LATE_GRACE_DAYS));
    public static final Setting<List<SleepSource>> SOURCE_PRIORITY = Setting.distinctListOf(
                    "source-priority", SleepSource.class)
            .withDefault(String.join(
                    ",", List.of(SleepSource.values()).stream().map(Enum::name).toList()));
    public static final Setting<Duration> SWEEP_INTERVAL = Setting.duration(
                    "sweep-interval", Duration.ofSeconds(1), Duration.ofDays(1))
            .withDefault("5m");

    /**
     * What all RocksDB stores of the instance share (block cache with index and filter blocks, memtables): without a
     * bound each store takes Kafka Streams' per-store defaults, which grow with the number of tasks. Unset by default:
     * bounded memtables flush to SST files sooner, and an erased client's values then stay in those files until
     * RocksDB compacts them (docs/privacy.md), which the erasure tests of issue 12 do not allow yet.
     */
    public static final Setting<Long> ROCKSDB_MEMORY = Setting.custom(
                    "rocksdb-memory",
                    "a size from 16MB to 64GB, like 256MB, 2GB or a number of bytes",
                    text -> ByteSize.parse(text, 16L << 20, 64L << 30))
            .optional();

    /**
     * How long a deleted store entry (an erased client's, or swept state) may linger in the changelog topics: its old
     * value is compacted away within this, its tombstone within as long again. Applied when Kafka Streams creates a
     * changelog topic.
     */
    public static final Setting<Duration> CHANGELOG_COMPACTION_BOUND = Setting.duration(
                    "changelog-compaction-bound", Duration.ofSeconds(1), Duration.ofDays(365))
            .withDefault(TopologySettings.DEFAULT_CHANGELOG_COMPACTION_BOUND.toDays() + "d");

    /**
     * Heap per task (one per input partition this instance holds) for decoded views of recently active clients: with
     * their nights and sessions in memory an input reads nothing back from RocksDB but its own night. A client not held
     * costs one pass over its stored history when it next sends something. 0 turns the views off.
     */
    public static final Setting<Integer> CLIENT_VIEW_CACHE_MIB = Setting.integer("client-view-cache-mib", 0, 65536)
            .withDefault(Long.toString(TopologySettings.DEFAULT_CLIENT_VIEW_BYTES >> 20));

    /**
     * Store entries one slice of the retention sweep examines at most (a slice runs every second while a pass is under
     * way): bounds how long the sweep holds up the stream thread, whatever the state of the task.
     */
    public static final Setting<Integer> SWEEP_BATCH_ENTRIES = Setting.integer("sweep-batch-entries", 100, 1_000_000)
            .withDefault(Integer.toString(TopologySettings.DEFAULT_SWEEP_BATCH_ENTRIES));

    /**
     * A stable name for this instance, unique in the application (the host or container name): Kafka Streams names
     * its threads and clients after it, so their metric labels stay the same across restarts. Unset, Kafka Streams
     * makes up a new UUID at every start, and every restart starts new metric series.
     */
    public static final Setting<String> CLIENT_ID = Setting.string("client-id").optional();

    /** Where {@code /metrics} and {@code /health/*} are served: {@code 0.0.0.0} in a container. */
    public static final Setting<String> METRICS_HOST =
            Setting.string("metrics-host").withDefault("127.0.0.1");
    /** 0 picks a free port (tests); there is no off switch, since Prometheus and orchestrators need them. */
    public static final Setting<Integer> METRICS_PORT =
            Setting.integer("metrics-port", 0, 65535).withDefault("8081");

    public static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            APPLICATION_ID,
            STATE_DIR,
            PROCESSING_GUARANTEE,
            STREAM_THREADS,
            COMMIT_INTERVAL,
            PARTITIONS,
            REPLICATION_FACTOR,
            REJECTED_RECORDS_RETENTION,
            TOMBSTONE_RETENTION,
            COMPACTED_SEGMENT_AGE,
            MAX_COMPACTION_LAG,
            RETENTION_DAYS,
            LATE_GRACE_DAYS,
            SOURCE_PRIORITY,
            SWEEP_INTERVAL,
            SWEEP_BATCH_ENTRIES,
            CHANGELOG_COMPACTION_BOUND,
            CLIENT_VIEW_CACHE_MIB,
            ROCKSDB_MEMORY,
            CLIENT_ID,
            METRICS_HOST,
            METRICS_PORT,
            KafkaClientProperties.SETTING,
            MasterKeySettings.MASTER_KEYS_FILE,
            MasterKeySettings.MASTER_KEYS);

    private StreamsConfiguration() {}

    /** How the topics this service creates keep what they no longer need ({@code TopicSetup.ensure}). */
    public static TopicBounds topicBounds(Configuration config) {
        return new TopicBounds(
                config.get(REJECTED_RECORDS_RETENTION),
                config.get(TOMBSTONE_RETENTION),
                config.get(COMPACTED_SEGMENT_AGE),
                config.get(MAX_COMPACTION_LAG));
    }

    public static TopologySettings topologySettings(Configuration config) {
        MetricSettings metric =
                new MetricSettings(new SourcePriority(config.get(SOURCE_PRIORITY)), config.get(LATE_GRACE_DAYS));
        return new TopologySettings(
                metric,
                config.get(RETENTION_DAYS),
                Duration.ofDays(1),
                config.get(SWEEP_INTERVAL),
                config.get(CHANGELOG_COMPACTION_BOUND),
                (long) config.get(CLIENT_VIEW_CACHE_MIB) << 20,
                config.get(SWEEP_BATCH_ENTRIES));
    }

    public static StreamsAppSettings appSettings(Configuration config) {
        Map<String, Object> kafka =
                new HashMap<>(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(REPLICATION_FACTOR)));
        config.find(CLIENT_ID).ifPresent(id -> kafka.put(StreamsConfig.CLIENT_ID_CONFIG, id));
        StreamsAppSettings settings = new StreamsAppSettings(
                        HostPort.commaSeparated(config.get(BOOTSTRAP_SERVERS)),
                        config.get(APPLICATION_ID),
                        Path.of(config.get(STATE_DIR)),
                        config.get(PROCESSING_GUARANTEE).kafkaName,
                        config.get(STREAM_THREADS),
                        config.get(COMMIT_INTERVAL),
                        topologySettings(config),
                        Map.copyOf(kafka),
                        new OpsAddress(config.get(METRICS_HOST), config.get(METRICS_PORT)),
                        config.get(KafkaClientProperties.SETTING))
                .withRocksDbMemory(config.find(ROCKSDB_MEMORY).orElse(StreamsAppSettings.UNBOUNDED_ROCKSDB_MEMORY));
        // The service itself refuses to start without them (StreamsCommand); tests of other settings need none.
        return MasterKeySettings.find(config).map(settings::withMasterKeys).orElse(settings);
    }
}
