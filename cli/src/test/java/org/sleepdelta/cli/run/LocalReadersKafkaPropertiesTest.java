package org.sleepdelta.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.KafkaClientProperties;

/** The readers of demo and replay take kafka.* client properties, under read_committed, which stays theirs. */
class LocalReadersKafkaPropertiesTest {
    private static final KafkaClientProperties SECURED = KafkaClientProperties.of(Map.of(
            "kafka.security.protocol", "SSL",
            "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
            "kafka.ssl.truststore.password", "truststore-secret",
            "kafka.consumer.fetch.max.wait.ms", "100"));

    @Test
    void theTopicReaderAndTheDashboardFollowerAreConfiguredAlike() {
        for (Map<String, Object> built : List.of(
                TopicReader.config("127.0.0.1:9092", SECURED), DashboardFollower.config("127.0.0.1:9092", SECURED))) {
            ConsumerConfig config = asKafkaReadsIt(built);

            assertThat(config.getString("security.protocol")).isEqualTo("SSL");
            assertThat(config.getString("ssl.truststore.location")).isEqualTo("/etc/kafka/truststore.p12");
            assertThat(config.getPassword("ssl.truststore.password").value()).isEqualTo("truststore-secret");
            assertThat(config.getInt("fetch.max.wait.ms")).isEqualTo(100);
            assertThat(config.getString("isolation.level")).isEqualTo("read_committed");
            assertThat(config.getList("bootstrap.servers")).containsExactly("127.0.0.1:9092");
        }
    }

    @Test
    void withoutPropertiesTheyAreAsBefore() {
        assertThat(TopicReader.config("127.0.0.1:9092", KafkaClientProperties.none()))
                .isEqualTo(Map.of("bootstrap.servers", "127.0.0.1:9092", "isolation.level", "read_committed"));
    }

    private static ConsumerConfig asKafkaReadsIt(Map<String, Object> built) {
        Map<String, Object> config = new HashMap<>(built);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new ConsumerConfig(config);
    }
}
