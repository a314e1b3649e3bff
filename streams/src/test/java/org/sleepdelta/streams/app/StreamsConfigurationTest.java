package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.metrics.OpsAddress;

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
}
