package org.sleepdelta.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicBoundsTest {

    @Test
    void everyCompactedTopicOfTheLayoutIsBoundedAlike() {
        TopicBounds bounds =
                new TopicBounds(Duration.ofDays(30), Duration.ofDays(7), Duration.ofHours(12), Duration.ofHours(6));
        Map<String, NewTopic> layout =
                Topics.layout(6, (short) 3, bounds).stream().collect(Collectors.toMap(NewTopic::name, t -> t));

        List<String> compacted = layout.values().stream()
                .filter(t -> "compact".equals(t.configs().get("cleanup.policy")))
                .map(NewTopic::name)
                .sorted()
                .toList();
        assertThat(compacted)
                .containsExactly(
                        Topics.CLIENT_KEYS, Topics.CONNECTIONS, Topics.NIGHTLY_SLEEP, Topics.SLEEP_CHANGE_METRICS);
        for (String name : compacted) {
            assertThat(layout.get(name).configs())
                    .as(name)
                    .containsOnly(
                            Map.entry("cleanup.policy", "compact"),
                            Map.entry("delete.retention.ms", "604800000"),
                            Map.entry("segment.ms", "43200000"),
                            Map.entry("max.compaction.lag.ms", "21600000"));
        }
        assertThat(layout.get(Topics.ERASURE_AUDIT).numPartitions()).isEqualTo(1);
        assertThat(layout.get(Topics.CLIENT_ERASURES).numPartitions()).isEqualTo(6);
        assertThat(layout.get(Topics.CONNECTION_REQUESTS).numPartitions()).isEqualTo(6);
    }

    @Test
    void aSupersededValueIsGoneWithinASegmentAgeAndTheCompactionLag() {
        assertThat(TopicBounds.defaults().supersededValueBound()).isEqualTo(Duration.ofDays(2));
        assertThat(TopicBounds.defaults().withRejectionsRetention(Duration.ofDays(1)))
                .isEqualTo(new TopicBounds(
                        Duration.ofDays(1),
                        Topics.TOMBSTONE_RETENTION,
                        Topics.COMPACTED_SEGMENT_AGE,
                        Topics.MAX_COMPACTION_LAG));
    }

    @Test
    void aBoundThatIsNotPositiveIsRefusedNamingTheSetting() {
        assertThatThrownBy(() ->
                        new TopicBounds(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.compaction.lag.ms");
        assertThatThrownBy(() -> Topics.layout(1, (short) 1, Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Topics.REJECTIONS);
    }
}
