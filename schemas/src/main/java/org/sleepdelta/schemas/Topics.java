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
     * How long {@link #REJECTIONS} keeps a record when nothing else is configured: as long as the sink keeps its row
     * in {@code sink_rejections}, since a rejected record may carry health data and is needed only to diagnose it.
     */
    public static final Duration DEFAULT_REJECTIONS_RETENTION = Duration.ofDays(30);

    private Topics() {}

    /**
     * The topics to create. Input topics share one partition count so the topology can join them per client;
     * the dashboard topic is compacted because only the latest value per key matters; rejections are kept for
     * {@link #DEFAULT_REJECTIONS_RETENTION}.
     */
    public static List<NewTopic> layout(int partitions, short replicationFactor) {
        return layout(partitions, replicationFactor, DEFAULT_REJECTIONS_RETENTION);
    }

    /** As {@link #layout(int, short)}, with {@link #REJECTIONS} keeping a record for {@code rejectionsRetention}. */
    public static List<NewTopic> layout(int partitions, short replicationFactor, Duration rejectionsRetention) {
        if (rejectionsRetention.isNegative() || rejectionsRetention.isZero()) {
            throw new IllegalArgumentException("the retention of " + REJECTIONS + " must be positive");
        }
        Map<String, String> keepForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        return List.of(
                new NewTopic(SLEEP_RECORDS, partitions, replicationFactor).configs(keepForever),
                new NewTopic(MASSAGE_SESSIONS, partitions, replicationFactor).configs(keepForever),
                new NewTopic(SLEEP_CHANGE_METRICS, partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(NIGHTLY_SLEEP, partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(REJECTIONS, partitions, replicationFactor)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG, Long.toString(rejectionsRetention.toMillis()))));
    }
}
