package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sleepdelta.streams.TopologySettings;

class SleepChangeAppPropertiesTest {
    @ParameterizedTest
    @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
    void inputIsReadCommittedWhateverTheProcessingGuarantee(String guarantee) {
        // given
        StreamsAppSettings settings = new StreamsAppSettings(
                "127.0.0.1:9092",
                "app",
                Path.of("state"),
                guarantee,
                1,
                Duration.ofMillis(100),
                TopologySettings.defaults(),
                Map.of());

        // when
        Map<String, Object> consumer =
                new StreamsConfig(SleepChangeApp.properties(settings)).getMainConsumerConfigs("group", "client", 0);

        // then aborted ingest batches are never read
        assertThat(consumer.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
    }
}
