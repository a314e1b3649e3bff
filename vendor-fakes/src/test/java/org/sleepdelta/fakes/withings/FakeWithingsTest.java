package org.sleepdelta.fakes.withings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.FakeHttpServer;

class FakeWithingsTest {
    private static final long NOW = 1796605200L;
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final FakeWithings withings = new FakeWithings(clock);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        withings.close();
    }

    @Test
    void aNonceNeedsTheSignatureOverActionClientIdAndTimestampAndWorksOnce() throws Exception {
        // computed independently: hmac.new(secret, b"getnonce,withings-fake-client,1796605200", sha256).hexdigest()
        String signature = "f397d19af76951396ec6aad60f605c12f477c17f87d2ad8e33464d2bcb3d5dda";
        JsonNode refused = post(
                "/v2/signature",
                "action=getnonce&client_id=withings-fake-client&timestamp=" + NOW + "&signature="
                        + signature.replace('f', '0'));
        JsonNode issued = post(
                "/v2/signature",
                "action=getnonce&client_id=withings-fake-client&timestamp=" + NOW + "&signature=" + signature);

        assertThat(refused.path("status").asInt()).isEqualTo(503);
        assertThat(issued.path("status").asInt()).isZero();
        String nonce = issued.path("body").path("nonce").asText();
        String revokeSignature =
                WithingsNonces.sign(FakeWithings.DEFAULT_CLIENT_SECRET, "revoke,withings-fake-client," + nonce);
        String revoke = "action=revoke&client_id=withings-fake-client&userid=42&nonce=" + nonce + "&signature="
                + revokeSignature;
        assertThat(post("/v2/oauth2", revoke).path("status").asInt()).isZero();
        assertThat(post("/v2/oauth2", revoke).path("status").asInt()).isEqualTo(503); // the nonce is used up
        assertThat(withings.revokedUsers()).containsExactly("42");
    }

    @Test
    void aBadTokenIsStatus401InAnHttp200Answer() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(withings.apiUrl() + "/v2/sleep"))
                        .header("Authorization", "Bearer nope")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("action=getsummary"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void subscribingRefusesACallbackThatDoesNotAnswerTheHeadCheck() throws Exception {
        try (FakeHttpServer callback = new FakeHttpServer(clock)) {
            callback.route("/up", e -> e.empty(200)).start();
            withings.oauth().nextConsentBy("7");
            String token = tokenFor();

            JsonNode down = post("/notify", "action=subscribe&appli=44&callbackurl=" + callback.uri("/down"), token);
            JsonNode up = post("/notify", "action=subscribe&appli=44&callbackurl=" + callback.uri("/up"), token);

            assertThat(down.path("status").asInt()).isNotZero();
            assertThat(up.path("status").asInt()).isZero();
            assertThat(callback.requests("/up"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.method()).isEqualTo("HEAD"));
            assertThat(withings.subscriptions())
                    .containsExactly(new FakeWithings.Subscription(
                            "7", 44, callback.uri("/up").toString()));
        }
    }

    private String tokenFor() throws Exception {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        URI redirect = withings.oauth()
                .authorize(java.util.Map.of(
                        "client_id", FakeWithings.DEFAULT_CLIENT_ID,
                        "redirect_uri", "http://127.0.0.1:9/cb",
                        "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method", "S256"));
        String code = redirect.getQuery().replaceAll(".*code=([^&]*).*", "$1");
        JsonNode answer = post(
                "/v2/oauth2",
                "action=requesttoken&grant_type=authorization_code&client_id=" + FakeWithings.DEFAULT_CLIENT_ID
                        + "&client_secret=" + FakeWithings.DEFAULT_CLIENT_SECRET + "&code=" + code
                        + "&redirect_uri=http://127.0.0.1:9/cb&code_verifier=" + verifier);
        assertThat(answer.path("body").path("userid").asText()).isEqualTo("7");
        return answer.path("body").path("access_token").asText();
    }

    private JsonNode post(String path, String form) throws Exception {
        return post(path, form, null);
    }

    private JsonNode post(String path, String form, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(withings.apiUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
