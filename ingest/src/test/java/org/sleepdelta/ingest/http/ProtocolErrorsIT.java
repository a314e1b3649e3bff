package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Jetty refuses before any route runs comes back in our JSON error shape (docs/openapi.yaml's Error), not as
 * Jetty's HTML page: sent over a plain socket, as no HTTP client would send it.
 */
class ProtocolErrorsIT {
    private static RunningIngest ingest;
    private static OpenApiSpec spec;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start();
        spec = OpenApiSpec.load();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void malformedRequestLineIsABadRequestInOurShape() {
        // when
        RawHttp.Response response = RawHttp.exchange(ingest.service.port(), "THIS IS NOT HTTP\r\n\r\n");

        // then
        thenOurShape(response, 400, "bad_request");
    }

    @Test
    void headersOverTheLimitAreRefusedInOurShape() {
        // given a 20 KB header field (Jetty takes 8 KB of headers)
        String big = "x".repeat(20 * 1024);

        // when
        RawHttp.Response response = RawHttp.exchange(
                ingest.service.port(),
                "POST /v1/sleep-records HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + big + "\r\n\r\n");

        // then
        thenOurShape(response, 431, "headers_too_large");
    }

    @Test
    void invalidPercentEncodingIsABadRequestInOurShape() {
        // when
        RawHttp.Response response = RawHttp.exchange(
                ingest.service.port(), "POST /v1/sleep-records%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        // then
        thenOurShape(response, 400, "bad_request");
    }

    @Test
    void ambiguousEncodedPathIsABadRequestInOurShape() {
        // when paths whose encoding hides a separator, a segment or a NUL: refused by Jetty, or matching no route
        RawHttp.Response slash = RawHttp.exchange(
                ingest.service.port(), "POST /v1/sleep-records%2F..%2Fx HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        RawHttp.Response dots = RawHttp.exchange(
                ingest.service.port(), "POST /v1/%2E%2E/sleep-records HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        RawHttp.Response nul = RawHttp.exchange(
                ingest.service.port(), "POST /v1/sleep-records%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        // then
        for (RawHttp.Response response : List.of(slash, dots, nul)) {
            assertThat(response.status()).as(response.text()).isBetween(400, 404);
            assertThat(response.header("Content-Type")).as(response.text()).startsWith("application/json");
            assertThat(spec.violationsOfSchema("Error", response.json())).isEmpty();
        }
    }

    @Test
    void unknownHttpVersionIsRefusedInOurShape() {
        // when
        RawHttp.Response response =
                RawHttp.exchange(ingest.service.port(), "GET /health/live HTTP/7.1\r\nHost: 127.0.0.1\r\n\r\n");

        // then
        assertThat(response.status()).isBetween(400, 505);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(spec.violationsOfSchema("Error", response.json())).isEmpty();
    }

    @Test
    void wellFormedRequestIsServedAfterMalformedOnes() {
        // given
        RawHttp.exchange(ingest.service.port(), "THIS IS NOT HTTP\r\n\r\n");
        RawHttp.exchange(ingest.service.port(), "POST /v1/sleep-records%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        // when
        HttpResponse response =
                ingest.postSleep().json(sleep("proto-1", "p1", 1)).send();

        // then
        assertThat(response.status()).isEqualTo(202);
    }

    private static void thenOurShape(RawHttp.Response response, int status, String error) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json).as(response.text()).isNotNull();
        assertThat(json.get("error").asText()).isEqualTo(error);
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(json.get("problems")).isEmpty();
        assertThat(spec.violationsOfSchema("Error", json)).isEmpty();
    }
}
