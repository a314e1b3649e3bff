package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.KafkaClientProperties;

/** Each live producer's Kafka metrics are in the registry while it lives, and leave with it. */
class TransactionalProducersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<MockProducer<String, byte[]>> created = new ArrayList<>();
    private final TransactionalProducers producers = new TransactionalProducers(
            "unused:9092",
            KafkaClientProperties.none(),
            "ingest-test",
            2,
            Duration.ofSeconds(1),
            config -> {
                MockProducer<String, byte[]> producer =
                        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
                String clientId = (String) config.get("client.id");
                MetricName name =
                        new MetricName("record-send-total", "producer-metrics", "", Map.of("client-id", clientId));
                producer.setMockMetrics(name, new Metric() {
                    @Override
                    public MetricName metricName() {
                        return name;
                    }

                    @Override
                    public Object metricValue() {
                        return 7.0;
                    }
                });
                created.add(producer);
                return producer;
            },
            registry);

    private List<String> clientIds() {
        return registry.find("kafka.producer.record.send.total").functionCounters().stream()
                .map(c -> c.getId().getTag("client.id"))
                .sorted()
                .toList();
    }

    @Test
    void aProducersMetricsAreBoundWhenItIsCreatedAndRemovedWhenItIsDiscardedOrClosed() {
        // when
        producers.get(0);
        producers.get(1);

        // then
        assertThat(clientIds()).containsExactly("ingest-test-0", "ingest-test-1");
        assertThat(registry.get("kafka.producer.record.send.total")
                        .tag("client.id", "ingest-test-0")
                        .functionCounter()
                        .count())
                .isEqualTo(7.0);

        // when
        producers.discard(0);

        // then
        assertThat(clientIds()).containsExactly("ingest-test-1");

        // when the slot's next batch gets a new producer, and the service closes
        producers.get(0);
        assertThat(clientIds()).containsExactly("ingest-test-0", "ingest-test-1");
        producers.close();

        // then
        assertThat(clientIds()).isEmpty();
        assertThat(created).hasSize(3).allSatisfy(p -> assertThat(p.closed()).isTrue());
    }
}
