package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;

/** kafka.* settings reach the sink's consumer, as Kafka reads them, under what the sink's correctness needs. */
class SinkKafkaPropertiesTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"sink\" password=\"sink-secret\";";

    private static SinkSettings load(Map<String, String> environment) {
        return SinkConfiguration.settings(
                ConfigLoader.of(SinkConfiguration.ALL).environment(environment).load());
    }

    @Test
    void thePassThroughReachesTheConsumer() {
        SinkSettings settings = load(Map.of(
                "SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SLEEPDELTA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "SLEEPDELTA_KAFKA_CONSUMER_FETCH_MAX_WAIT_MS", "200",
                "SLEEPDELTA_KAFKA_ALLOW_AUTO_CREATE_TOPICS", "true",
                "SLEEPDELTA_KAFKA_LINGER_MS", "7",
                "SLEEPDELTA_BATCH_MAX_RECORDS", "300"));

        ConsumerConfig config = new ConsumerConfig(SinkService.consumerConfig(settings));

        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(config.getPassword("sasl.jaas.config").value()).isEqualTo(JAAS);
        assertThat(config.getInt("fetch.max.wait.ms")).isEqualTo(200);
        assertThat(config.getBoolean("allow.auto.create.topics")).isTrue(); // our tuning gives way
        assertThat(config.originals()).doesNotContainKey("linger.ms"); // a producer's, not passed to a consumer
        // what the sink's correctness needs stays ours
        assertThat(config.getString("isolation.level")).isEqualTo("read_committed");
        assertThat(config.getBoolean("enable.auto.commit")).isFalse();
        assertThat(config.getString("auto.offset.reset")).isEqualTo("earliest");
        assertThat(config.getInt("max.poll.records")).isEqualTo(300);
        assertThat(config.getString("group.id")).isEqualTo("sleepdelta-sink");
    }

    @Test
    void theBatchSizeAndGroupStayOurSettings() {
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_KAFKA_CONSUMER_MAX_POLL_RECORDS", "10", "SLEEPDELTA_KAFKA_GROUP_ID", "other")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch-max-records")
                .hasMessageContaining("set group-id (sink)");
    }

    @Test
    void theSettingsPrintWithoutTheSecret() {
        SinkSettings settings = load(Map.of("SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG", JAAS));

        assertThat(settings.toString())
                .contains("kafka.sasl.jaas.config=<secret>")
                .doesNotContain("sink-secret");
    }
}
