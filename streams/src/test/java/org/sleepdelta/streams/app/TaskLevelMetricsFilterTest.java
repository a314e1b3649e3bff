package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.streams.SleepChangeTopology;
import org.sleepdelta.streams.TopologyMetrics;
import org.sleepdelta.streams.TopologySettings;

class TaskLevelMetricsFilterTest {
    private final TaskLevelMetricsFilter filter = new TaskLevelMetricsFilter();

    @Test
    void everyPerTaskMetricOfOurTopologyIsDroppedAndTheThreadLevelOnesAreKept(@TempDir Path stateDir) {
        // given: the Kafka metrics of one task of the real topology, with its RocksDB stores
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "filter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        List<MetricName> names = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                SleepChangeTopology.build(TopologySettings.defaults(), TopologyMetrics.none()), props)) {
            names.addAll(driver.metrics().keySet());
        }

        // when
        Set<String> droppedGroups = new TreeSet<>();
        List<String> kept = new ArrayList<>();
        for (MetricName name : names) {
            if (filter.accept(asMicrometerId(name)) == MeterFilterReply.DENY) {
                assertThat(name.tags()).as(name.toString()).containsKey("task-id");
                droppedGroups.add(name.group());
            } else {
                assertThat(name.tags()).as(name.toString()).doesNotContainKey("task-id");
                kept.add(name.group() + " " + name.name());
            }
        }

        // then
        assertThat(droppedGroups)
                .containsExactlyInAnyOrder(
                        "stream-state-metrics",
                        "stream-task-metrics",
                        "stream-processor-node-metrics",
                        "stream-topic-metrics");
        assertThat(names.size() - kept.size()).as("dropped per task").isGreaterThan(500);
        assertThat(kept).contains("stream-thread-metrics task-closed-total");
    }

    @Test
    void clientThreadAndKafkaClientMetricsAreKeptWithAllTheirTags() {
        // the Kafka series the Ops dashboard and the alerts read (expected-metrics.txt), as KafkaMetrics names them
        List<Meter.Id> read = List.of(
                id("kafka.stream.thread.process.rate", "thread.id", "app-uuid-StreamThread-1"),
                id("kafka.stream.thread.process.latency.avg", "thread.id", "app-uuid-StreamThread-1"),
                id(
                        "kafka.consumer.fetch.manager.records.lag.max",
                        "client.id",
                        "app-uuid-StreamThread-1-consumer",
                        "topic",
                        "sleep-records",
                        "partition",
                        "0"),
                id("kafka.producer.record.send.total", "client.id", "app-uuid-StreamThread-1-producer"),
                id("kafka.producer.record.error.total", "client.id", "app-uuid-StreamThread-1-producer"));
        // and some nobody reads today but that stay cheap: one series per client or thread
        List<Meter.Id> cheap = List.of(
                id("kafka.stream.alive.stream.threads", "client.id", "app-uuid", "process.id", "uuid"),
                id("kafka.stream.state.updater.idle.ratio", "thread.id", "app-uuid-StateUpdater-1"),
                id("kafka.admin.client.request.total", "client.id", "app-uuid-admin"));

        assertThat(read)
                .allSatisfy(
                        id -> assertThat(filter.accept(id)).as(id.toString()).isEqualTo(MeterFilterReply.NEUTRAL));
        assertThat(cheap)
                .allSatisfy(
                        id -> assertThat(filter.accept(id)).as(id.toString()).isEqualTo(MeterFilterReply.NEUTRAL));
    }

    @Test
    void onlyKafkaStreamsMetersAreJudgedByTheirTaskTag() {
        assertThat(filter.accept(id("kafka.stream.task.process.rate", "task.id", "0_1", "thread.id", "t")))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(filter.accept(id("sleepdelta.something", "task.id", "0_1"))).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id("kafka.consumer.some.metric", "task.id", "0_1")))
                .isEqualTo(MeterFilterReply.NEUTRAL);
    }

    private static Meter.Id id(String name, String... tags) {
        return new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.GAUGE);
    }

    /**
     * The id Micrometer's KafkaMetrics gives a Kafka metric: {@code kafka.<group without -metrics>.<name>} with
     * {@code -} as {@code .}, and the metric's tags with {@code -} in their keys as {@code .}.
     */
    private static Meter.Id asMicrometerId(MetricName name) {
        String meterName = ("kafka." + name.group() + "." + name.name())
                .replace("-metrics", "")
                .replace('-', '.');
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((key, value) -> tags.add(Tag.of(key.replace('-', '.'), value)));
        return new Meter.Id(meterName, Tags.of(tags), null, null, Meter.Type.GAUGE);
    }
}
