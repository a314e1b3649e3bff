package org.sleepdelta.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Every topic name the pipeline uses, and how each topic is laid out. The one place to change them. */
public final class Topics {
    /** Canonical {@code SleepRecord}s, keyed by {@link ClientKey}. */
    public static final String SLEEP_RECORDS = "sleep-records";
    /** Canonical {@code MassageSession}s, keyed by {@link ClientKey}; co-partitioned with {@link #SLEEP_RECORDS}. */
    public static final String MASSAGE_SESSIONS = "massage-sessions";
    /** The dashboard topic: latest {@code SleepChangeMetric} per {@link MetricKey}, tombstones for keys that stopped existing. */
    public static final String SLEEP_CHANGE_METRICS = "sleep-change-metrics";
    /** The main sleep of each client-night ({@code NightlySleep}), keyed {@code clinicId/clientId/yyyy-MM-dd}, compacted. */
    public static final String NIGHTLY_SLEEP = "nightly-sleep";
    /** Records that were accepted by transport but not processed, with the reason ({@code Rejection}). */
    public static final String REJECTIONS = "rejected-records";
    /**
     * Each client's data keys, wrapped by a master key, keyed {@code clinicId/clientId/keyId}; compacted. Erasure
     * writes a tombstone for every key of the client, which destroys the only way to read its encrypted payloads.
     */
    public static final String CLIENT_KEYS = "client-keys";
    /**
     * Requests to erase or re-register a client ({@code ErasureRequest}, JSON), keyed {@link ClientKey} and
     * co-partitioned with the input topics, so that the streams task holding the client's state reads them.
     */
    public static final String CLIENT_ERASURES = "client-erasures";
    /** The erasure audit trail ({@code ErasureEvent}, JSON), keyed by erasure id: stages completed, never a client id. */
    public static final String ERASURE_AUDIT = "erasure-audit";
    /**
     * Each client's vendor connections ({@code Connection}, JSON sealed under a master key, tokens included), keyed
     * {@code clinicId/clientId/vendor}; compacted. Written only by the owner of the partition (the ingest instance the
     * connections consumer group assigned it to), in the transaction that writes the records it pulled.
     */
    public static final String CONNECTIONS = "connections";
    /**
     * What others ask of a connection's owner ({@code ConnectionRequest}, sealed JSON), keyed as {@link #CONNECTIONS}
     * and co-partitioned with it, so that the owner of a connection reads its requests. Kept as long as a tombstone.
     */
    public static final String CONNECTION_REQUESTS = "connection-requests";

    /**
     * How long {@link #REJECTIONS} keeps a record when nothing else is configured: as long as the sink keeps its row
     * in {@code sink_rejections}, since a rejected record may carry health data and is needed only to diagnose it.
     */
    public static final Duration DEFAULT_REJECTIONS_RETENTION = Duration.ofDays(30);

    /**
     * How long a tombstone stays on a compacted topic ({@link #SLEEP_CHANGE_METRICS}, {@link #NIGHTLY_SLEEP}) once
     * compaction has reached it ({@code delete.retention.ms}; Kafka's default is 1 day). The sink deletes a row only
     * when it reads the key's tombstone, so a sink that lags longer than this can miss deletes and keep the rows
     * (docs/operations.md says what to do then). 7 days covers an outage over a long weekend with room to spare.
     */
    public static final Duration TOMBSTONE_RETENTION = Duration.ofDays(7);

    /**
     * Age at which a compacted topic's active segment is rolled ({@code segment.ms}; Kafka's default is 7 days).
     * Compaction never touches the active segment, so this bounds how long a superseded value or a tombstone waits
     * before the cleaner may reach it.
     */
    public static final Duration COMPACTED_SEGMENT_AGE = Duration.ofDays(1);

    /**
     * Longest time a record of a compacted topic stays uncompacted once its segment is closed ({@code
     * max.compaction.lag.ms}; Kafka's default is unbounded: the cleaner waits until half a log is dirty). Without it a
     * superseded value, such as a destroyed data key or an erased client's metric, could stay readable for as long as
     * the topic is quiet. With {@link #COMPACTED_SEGMENT_AGE} it bounds that to about 2 days (docs/operations.md).
     */
    public static final Duration MAX_COMPACTION_LAG = Duration.ofDays(1);

    private Topics() {}

    /**
     * The topics to create. Input topics share one partition count so the topology can join them per client;
     * the dashboard topics and {@link #CLIENT_KEYS} are compacted because only the latest value per key matters,
     * keeping tombstones for {@link #TOMBSTONE_RETENTION}, rolling segments after {@link #COMPACTED_SEGMENT_AGE} and
     * compacting a closed segment within {@link #MAX_COMPACTION_LAG}; rejections are kept for
     * {@link #DEFAULT_REJECTIONS_RETENTION}.
     */
    public static List<NewTopic> layout(int partitions, short replicationFactor) {
        return layout(partitions, replicationFactor, TopicBounds.defaults());
    }

    /** As {@link #layout(int, short)}, with {@link #REJECTIONS} keeping a record for {@code rejectionsRetention}. */
    public static List<NewTopic> layout(int partitions, short replicationFactor, Duration rejectionsRetention) {
        return layout(
                partitions, replicationFactor, TopicBounds.defaults().withRejectionsRetention(rejectionsRetention));
    }

    /**
     * As {@link #layout(int, short)}, with the retention of {@link #REJECTIONS} and the compacted topics' bounds
     * ({@code delete.retention.ms}, {@code segment.ms}, {@code max.compaction.lag.ms}) from {@code bounds}.
     */
    public static List<NewTopic> layout(int partitions, short replicationFactor, TopicBounds bounds) {
        Duration rejectionsRetention = bounds.rejectionsRetention();
        Map<String, String> keepForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.DELETE_RETENTION_MS_CONFIG,
                Long.toString(bounds.tombstoneRetention().toMillis()),
                TopicConfig.SEGMENT_MS_CONFIG,
                Long.toString(bounds.compactedSegmentAge().toMillis()),
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                Long.toString(bounds.maxCompactionLag().toMillis()));
        return List.of(
                new NewTopic(SLEEP_RECORDS, partitions, replicationFactor).configs(keepForever),
                new NewTopic(MASSAGE_SESSIONS, partitions, replicationFactor).configs(keepForever),
                new NewTopic(SLEEP_CHANGE_METRICS, partitions, replicationFactor).configs(compacted),
                new NewTopic(NIGHTLY_SLEEP, partitions, replicationFactor).configs(compacted),
                // Retention deletes whole closed segments: rolling them as often as the compacted topics' keeps a
                // record at most that much longer than its retention (with Kafka's 7-day default, a week longer).
                new NewTopic(REJECTIONS, partitions, replicationFactor)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(rejectionsRetention.toMillis()),
                                TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(bounds.compactedSegmentAge().toMillis()))),
                new NewTopic(CLIENT_KEYS, partitions, replicationFactor).configs(compacted),
                // As long as a tombstone: a sink or streams application lagging longer misses deletes either way.
                new NewTopic(CLIENT_ERASURES, partitions, replicationFactor)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(bounds.tombstoneRetention().toMillis()),
                                TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(bounds.compactedSegmentAge().toMillis()))),
                new NewTopic(ERASURE_AUDIT, 1, replicationFactor).configs(keepForever),
                new NewTopic(CONNECTIONS, partitions, replicationFactor).configs(compacted),
                new NewTopic(CONNECTION_REQUESTS, partitions, replicationFactor)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(bounds.tombstoneRetention().toMillis()),
                                TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(bounds.compactedSegmentAge().toMillis()))));
    }
}
