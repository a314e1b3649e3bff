package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.streams.app.StreamsConfiguration;

/** The streams command's topic-creating admin client takes kafka.* and kafka.admin.*, not kafka.streams.*. */
class StreamsCommandKafkaPropertiesTest {
    @Test
    void theAdminClientGetsThePassThrough() {
        var settings = StreamsConfiguration.appSettings(ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_BOOTSTRAP_SERVERS", "broker-1:9093",
                        "SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "SLEEPDELTA_KAFKA_SASL_MECHANISM", "PLAIN",
                        "SLEEPDELTA_KAFKA_ADMIN_REQUEST_TIMEOUT_MS", "9000",
                        "SLEEPDELTA_KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "1"))
                .load());

        AdminClientConfig config = new AdminClientConfig(StreamsCommand.adminConfig(settings));

        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getString("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(config.getInt("request.timeout.ms")).isEqualTo(9000);
        assertThat(config.getList("bootstrap.servers")).containsExactly("broker-1:9093");
        assertThat(config.originals()).doesNotContainKey("num.standby.replicas");
    }
}
