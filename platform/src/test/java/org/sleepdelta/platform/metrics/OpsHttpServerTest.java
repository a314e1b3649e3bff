package org.sleepdelta.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.testing.PrometheusText;

/** The ops endpoints over real HTTP on a free port. */
class OpsHttpServerTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ServiceMetrics metrics = ServiceMetrics.create("ops-test");
    private final AtomicBoolean ready = new AtomicBoolean();
    private final OpsHttpServer server = OpsHttpServer.start(
            new OpsAddress("127.0.0.1", 0),
            metrics,
            () -> ready.get() ? Health.UP.with("state", "RUNNING") : Health.DOWN.with("state", "REBALANCING"));

    @AfterEach
    void close() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> send(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void metricsAnswersThePrometheusTextFormatWithTheRegisteredMeters() {
        // given
        metrics.registry()
                .counter("sleepdelta.ops.test.events", "type", "update")
                .increment(2);

        // when
        HttpResponse<String> response = send("GET", "/metrics");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText scrape = PrometheusText.parse(response.body());
        assertThat(scrape.value("sleepdelta_ops_test_events_total", "type", "update", "service", "ops-test"))
                .isEqualTo(2.0);
        assertThat(scrape.names()).contains("jvm_memory_used_bytes");
    }

    @Test
    void livenessIsUpWhateverReadinessSays() {
        // when
        HttpResponse<String> response = send("GET", "/health/live");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void readinessFollowsTheCheckBothWays() {
        // when
        HttpResponse<String> before = send("GET", "/health/ready");
        ready.set(true);
        HttpResponse<String> up = send("GET", "/health/ready");
        ready.set(false);
        HttpResponse<String> down = send("GET", "/health/ready");

        // then
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"REBALANCING\"}");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
        assertThat(down.statusCode()).isEqualTo(503);
    }

    @Test
    void aReadinessCheckThatThrowsIsDown() {
        // given
        try (OpsHttpServer failing = OpsHttpServer.start(new OpsAddress("127.0.0.1", 0), metrics, () -> {
            throw new IllegalStateException("boom");
        })) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + failing.port() + "/health/ready"))
                    .build();

            // when
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\",\"error\":\"IllegalStateException\"}");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void otherPathsAreNotFoundAndOtherMethodsNotAllowed() {
        // when
        HttpResponse<String> unknown = send("GET", "/metricsx");
        HttpResponse<String> post = send("POST", "/metrics");
        HttpResponse<String> head = send("HEAD", "/health/live");

        // then
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"not_found\"}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).isEqualTo("{\"error\":\"method_not_allowed\"}");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aTakenPortFailsAtStartWithTheAddress() {
        // given
        OpsAddress taken = new OpsAddress("127.0.0.1", server.port());

        // then
        assertThatThrownBy(() -> OpsHttpServer.start(taken, metrics, Health.of(() -> true)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    @Test
    void healthDetailsAreEscapedAsJson() {
        // when
        String json = OpsHttpServer.json(
                "DOWN", Health.DOWN.with("detail", "a \"quoted\"\\path\n").details());

        // then
        assertThat(json).isEqualTo("{\"status\":\"DOWN\",\"detail\":\"a \\\"quoted\\\"\\\\path\\u000a\"}");
    }
}
