package org.sleepdelta.streams.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Drops Kafka Streams' per-task meters: those of tasks, processor nodes, state stores and per-task topic counts, that
 * is every {@code kafka.stream.*} meter with a {@code task.id} tag ({@code task_id} in Prometheus). One instance with 6
 * partitions per topic exports about 3,700 of them (7 state stores × 6 tasks × ~80 RocksDB and store metrics, many of
 * them {@code NaN} at Kafka's {@code INFO} recording level), and their {@code thread_id} carries the process UUID, so
 * every restart used to add that many new series to Prometheus. No dashboard panel or alert reads them.
 *
 * <p>Kept: the client ({@code kafka_stream_alive_stream_threads}, {@code kafka_stream_client_state}, ...), its threads
 * ({@code kafka_stream_thread_*}, {@code kafka_stream_state_updater_*}) and the consumers, producers and admin client
 * inside it ({@code kafka_consumer_*}, {@code kafka_producer_*}, {@code kafka_admin_client_*}), with all their tags.
 * The Ops dashboard and the alert rules read only those (see {@code dashboard/prometheus/expected-metrics.txt}).
 *
 * <p>It only denies whole meters and never rewrites a tag: Micrometer's {@code KafkaMetrics} removes a meter that Kafka
 * dropped by its unfiltered id, so a meter whose tags a filter changed would stay behind as a {@code NaN} series.
 */
final class TaskLevelMetricsFilter implements MeterFilter {
    /** Kafka Streams' metrics, as Micrometer's {@code KafkaStreamsMetrics} names them. */
    static final String KAFKA_STREAMS_PREFIX = "kafka.stream.";
    /** Kafka's {@code task-id} tag, with {@code -} turned into {@code .} by {@code KafkaMetrics}. */
    static final String TASK_TAG = "task.id";

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (id.getName().startsWith(KAFKA_STREAMS_PREFIX) && id.getTag(TASK_TAG) != null) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }
}
