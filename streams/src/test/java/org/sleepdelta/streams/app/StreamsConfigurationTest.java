package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.schemas.Topics;

class StreamsConfigurationTest {
    private static StreamsAppSettings load(Map<String, String> environment) {
        return StreamsConfiguration.appSettings(ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(environment)
                .load());
    }

    @Test
    void theOpsEndpointsListenOnLocalhostPort8081ByDefault() {
        assertThat(load(Map.of()).ops()).isEqualTo(new OpsAddress("127.0.0.1", 8081));
    }

    @Test
    void metricsHostAndPortComeFromTheEnvironmentAndPortZeroPicksAFreeOne() {
        // when
        StreamsAppSettings settings =
                load(Map.of("SLEEPDELTA_METRICS_HOST", "0.0.0.0", "SLEEPDELTA_METRICS_PORT", "0"));

        // then
        assertThat(settings.ops()).isEqualTo(new OpsAddress("0.0.0.0", 0));
    }

    @Test
    void aPortOutOfRangeIsAConfigurationError() {
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_METRICS_PORT", "65536")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics-port");
    }

    @Test
    void aClientIdNamesKafkaStreamsClientsAndThreadsAndWithoutOneKafkaChooses() {
        assertThat(load(Map.of("SLEEPDELTA_CLIENT_ID", "streams-1")).extraStreamsConfig())
                .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "streams-1");
        assertThat(load(Map.of()).extraStreamsConfig()).doesNotContainKey(StreamsConfig.CLIENT_ID_CONFIG);
    }

    @Test
    void rocksDbMemoryIsUnboundedUnlessConfiguredAndLessThan16IsRefused() {
        assertThat(load(Map.of()).rocksDbMemoryBytes()).isZero();
        assertThat(load(Map.of("SLEEPDELTA_ROCKSDB_MEMORY", "2GB")).rocksDbMemoryBytes())
                .isEqualTo(2L << 30);
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_ROCKSDB_MEMORY", "8MB")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rocksdb-memory");
    }

    @Test
    void rejectedRecordsAreKeptThirtyDaysUnlessConfiguredAndLessThanAnHourIsRefused() {
        assertThat(ConfigLoader.of(StreamsConfiguration.ALL)
                        .environment(Map.of())
                        .load()
                        .get(StreamsConfiguration.REJECTED_RECORDS_RETENTION))
                .isEqualTo(Duration.ofDays(30));
        assertThat(ConfigLoader.of(StreamsConfiguration.ALL)
                        .environment(Map.of("SLEEPDELTA_REJECTED_RECORDS_RETENTION", "7d"))
                        .load()
                        .get(StreamsConfiguration.REJECTED_RECORDS_RETENTION))
                .isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_REJECTED_RECORDS_RETENTION", "30m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rejected-records-retention");
    }

    @Test
    void theRejectionTopicIsLaidOutWithTheConfiguredRetentionAndTheInputTopicsAreKeptForever() {
        Map<String, Map<String, String>> configs = Topics.layout(3, (short) 1, Duration.ofDays(7)).stream()
                .collect(Collectors.toMap(NewTopic::name, NewTopic::configs));

        assertThat(configs.get(Topics.REJECTIONS)).containsEntry("retention.ms", "604800000");
        assertThat(configs.get(Topics.SLEEP_RECORDS)).containsEntry("retention.ms", "-1");
        assertThat(Topics.layout(3, (short) 1))
                .filteredOn(t -> t.name().equals(Topics.REJECTIONS))
                .singleElement()
                .satisfies(t -> assertThat(t.configs()).containsEntry("retention.ms", "2592000000"));
    }

    @Test
    void theCompactedTopicsAreBoundedByTheConfiguredTombstoneRetentionSegmentAgeAndCompactionLag() {
        Configuration config = ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_TOMBSTONE_RETENTION",
                        "2d",
                        "SLEEPDELTA_COMPACTED_SEGMENT_AGE",
                        "6h",
                        "SLEEPDELTA_MAX_COMPACTION_LAG",
                        "12h"))
                .load();
        Map<String, Map<String, String>> configs =
                Topics.layout(3, (short) 1, StreamsConfiguration.topicBounds(config)).stream()
                        .collect(Collectors.toMap(NewTopic::name, NewTopic::configs));

        for (String compacted : List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP, Topics.CLIENT_KEYS)) {
            assertThat(configs.get(compacted))
                    .as(compacted)
                    .containsEntry("cleanup.policy", "compact")
                    .containsEntry("delete.retention.ms", "172800000")
                    .containsEntry("segment.ms", "21600000")
                    .containsEntry("max.compaction.lag.ms", "43200000");
        }
        assertThat(configs.get(Topics.CLIENT_ERASURES)).containsEntry("retention.ms", "172800000");
        assertThat(configs.get(Topics.SLEEP_RECORDS)).doesNotContainKey("max.compaction.lag.ms");
        // the defaults: a superseded value is gone within 2 days of the segment it sits in being rolled
        assertThat(Topics.layout(3, (short) 1))
                .filteredOn(t -> t.name().equals(Topics.CLIENT_KEYS))
                .singleElement()
                .satisfies(t -> assertThat(t.configs())
                        .containsEntry("delete.retention.ms", "604800000")
                        .containsEntry("segment.ms", "86400000")
                        .containsEntry("max.compaction.lag.ms", "86400000"));
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_MAX_COMPACTION_LAG", "10s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max-compaction-lag");
    }

    @Test
    void deletedStateLingersInChangelogsADayByDefaultAndTheBoundComesFromTheEnvironment() {
        assertThat(load(Map.of()).topology().changelogCompactionBound()).isEqualTo(Duration.ofDays(1));
        assertThat(load(Map.of("SLEEPDELTA_CHANGELOG_COMPACTION_BOUND", "30s"))
                        .topology()
                        .changelogCompactionBound())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_CHANGELOG_COMPACTION_BOUND", "500ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("changelog-compaction-bound");
    }
}
