package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.testing.PrometheusText;
import org.sleepdelta.streams.SleepChangeTopology;
import org.sleepdelta.streams.TopologySettings;

/** The ops endpoints around a Kafka Streams instance that was created but never started (no broker needed). */
class StreamsOpsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private String get(int port, String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(expectedStatus);
        return response.body();
    }

    @Test
    void anInstanceThatIsNotRunningIsNotReadyAndItsRunningGaugeIsZero(@TempDir Path stateDir) throws Exception {
        // given
        StreamsAppSettings settings = new StreamsAppSettings(
                "127.0.0.1:1",
                "ops-test",
                stateDir,
                StreamsConfig.AT_LEAST_ONCE,
                1,
                Duration.ofMillis(100),
                TopologySettings.defaults(),
                Map.of(),
                new OpsAddress("127.0.0.1", 0));
        try (StreamsOps ops = StreamsOps.of(settings.ops());
                KafkaStreams streams = new KafkaStreams(
                        SleepChangeTopology.build(settings.topology(), ops.topologyMetrics()),
                        SleepChangeApp.properties(settings))) {

            // when
            ops.watch(streams);

            // then
            assertThat(get(ops.port(), "/health/ready", 503)).isEqualTo("{\"status\":\"DOWN\",\"state\":\"CREATED\"}");
            assertThat(get(ops.port(), "/health/live", 200)).isEqualTo("{\"status\":\"UP\"}");
            PrometheusText scrape = PrometheusText.parse(get(ops.port(), "/metrics", 200));
            assertThat(scrape.value("sleepdelta_streams_running", "service", "streams"))
                    .isZero();
            assertThat(scrape.names())
                    .contains(
                            "sleepdelta_streams_records_processed_total",
                            "sleepdelta_streams_records_rejected_total",
                            "sleepdelta_streams_metrics_emitted_total",
                            "jvm_memory_used_bytes");
        }
    }

    @Test
    void withoutAnAddressNoEndpointIsServed() {
        try (StreamsOps ops = StreamsOps.of(null)) {
            assertThatThrownBy(ops::port).isInstanceOf(IllegalStateException.class);
        }
    }
}
