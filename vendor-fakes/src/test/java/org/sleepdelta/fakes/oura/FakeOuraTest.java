package org.sleepdelta.fakes.oura;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.FakeHttpServer;

class FakeOuraTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);
    private final FakeOura oura = new FakeOura(clock);
    private final FakeHttpServer callback = new FakeHttpServer(clock);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        callback.close();
        oura.close();
    }

    @Test
    void theSignatureIsUpperCaseHexHmacSha256OfTimestampThenBody() {
        // computed independently: hmac.new(b"oura-fake-secret", b"1765069200" + body, sha256).hexdigest().upper()
        assertThat(OuraSignature.sign(
                        "oura-fake-secret",
                        "1765069200",
                        "{\"event_type\":\"update\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("59824BE5EBA8A8980C07205C05E1EED264EEDB202E09902D05279EAD3AED382A");
    }

    @Test
    void aSubscriptionIsCreatedOnlyWhenTheCallbackEchoesTheChallenge() throws Exception {
        callback.route("/echo", e -> e.json(200, Map.of("challenge", e.query("challenge"))))
                .route("/wrong", e -> e.json(200, Map.of("challenge", "something-else")))
                .start();

        int refused = create(callback.uri("/wrong"));
        int created = create(callback.uri("/echo"));

        assertThat(refused).isEqualTo(400);
        assertThat(created).isEqualTo(201);
        assertThat(oura.subscriptions().all()).singleElement().satisfies(s -> {
            assertThat(s.callbackUrl()).isEqualTo(callback.uri("/echo").toString());
            assertThat(s.expiration()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        });
        assertThat(callback.requests("/echo").get(0).query()).containsEntry("verification_token", "vt-1");
    }

    @Test
    void theSubscriptionApiWantsTheClientCredentialsInHeaders() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(oura.apiUrl() + "/v2/webhook/subscription"))
                        .header("x-client-id", FakeOura.DEFAULT_CLIENT_ID)
                        .header("x-client-secret", "wrong")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private int create(URI callbackUrl) throws Exception {
        String body = json.writeValueAsString(Map.of(
                "callback_url", callbackUrl.toString(),
                "verification_token", "vt-1",
                "event_type", "create",
                "data_type", "sleep"));
        return http.send(
                        HttpRequest.newBuilder(URI.create(oura.apiUrl() + "/v2/webhook/subscription"))
                                .header("x-client-id", FakeOura.DEFAULT_CLIENT_ID)
                                .header("x-client-secret", FakeOura.DEFAULT_CLIENT_SECRET)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
