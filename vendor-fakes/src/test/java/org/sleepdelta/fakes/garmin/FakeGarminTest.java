package org.sleepdelta.fakes.garmin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.FakeOAuth;

/** The fake's own trickiest parts: selection by upload time, re-scoring under one summaryId, backfill, tokens. */
class FakeGarminTest {
    private static final String REDIRECT = "http://127.0.0.1:1/v1/connections/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-03-02T07:00:00Z").getEpochSecond();

    private final StepClock clock = new StepClock(Instant.ofEpochSecond(T0));
    private final FakeGarmin garmin = new FakeGarmin(clock, "consumer-key", "consumer-secret");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        garmin.close();
    }

    @Test
    void thePullSelectsByUploadTimeAndARescoredSummaryMovesToItsNewUpload() throws Exception {
        garmin.upload("user-a", FakeGarmin.sleepSummary("s1", "2026-03-02", T0 - 30_000, 5_400, "AUTO_TENTATIVE"));
        clock.advance(Duration.ofHours(30));
        garmin.upload("user-a", FakeGarmin.sleepSummary("s1", "2026-03-02", T0 - 30_000, 6_000, "AUTO_FINAL"));
        String token = accessToken("user-a");

        JsonNode firstDay = get(token, T0, T0 + 86_400);
        JsonNode secondDay = get(token, T0 + 86_400, T0 + 2 * 86_400);

        assertThat(firstDay).isEmpty();
        assertThat(secondDay).hasSize(1);
        assertThat(secondDay.get(0).path("validation").asText()).isEqualTo("AUTO_FINAL");
        assertThat(secondDay.get(0).path("userId").asText()).isEqualTo("user-a");
    }

    @Test
    void aWindowLongerThan24HoursIsRefusedAndABearerIsRequired() throws Exception {
        String token = accessToken("user-b");

        assertThat(status(token, sleeps(T0, T0 + 86_401))).isEqualTo(400);
        assertThat(status("at-unknown", sleeps(T0, T0 + 60))).isEqualTo(401);
        assertThat(status(token, sleeps(T0, T0 + 60))).isEqualTo(200);
    }

    @Test
    void aBackfillIsAcceptedOnceAndCappedAt30Days() throws Exception {
        String token = accessToken("user-c");
        URI month = garmin.apiUrl()
                .resolve(FakeGarmin.BACKFILL_SLEEPS_PATH + "?summaryStartTimeInSeconds=" + (T0 - 30 * 86_400)
                        + "&summaryEndTimeInSeconds=" + T0);
        URI tooLong = garmin.apiUrl()
                .resolve(FakeGarmin.BACKFILL_SLEEPS_PATH + "?summaryStartTimeInSeconds=" + (T0 - 31 * 86_400)
                        + "&summaryEndTimeInSeconds=" + T0);

        assertThat(status(token, month)).isEqualTo(202);
        assertThat(status(token, month)).isEqualTo(409);
        assertThat(status(token, tooLong)).isEqualTo(400);
        assertThat(garmin.backfillRequests())
                .containsExactly(new FakeGarmin.BackfillRequest("user-c", T0 - 30 * 86_400, T0));
    }

    @Test
    void theTokenResponseHasGarminsFieldsAndRefreshTokensRotate() throws Exception {
        JsonNode first = token(Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code("user-d"),
                "code_verifier",
                VERIFIER,
                "redirect_uri",
                REDIRECT));
        JsonNode second = token(Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                first.path("refresh_token").asText()));
        JsonNode reused = token(Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                first.path("refresh_token").asText()));

        assertThat(first.path("token_type").asText()).isEqualTo("bearer");
        assertThat(first.path("expires_in").asLong()).isEqualTo(86_400);
        assertThat(first.path("refresh_token_expires_in").asLong()).isPositive();
        assertThat(second.path("refresh_token").asText())
                .isNotEqualTo(first.path("refresh_token").asText());
        assertThat(reused.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(garmin.oauth().refreshTokenReuses()).containsExactly("user-d");
    }

    private String accessToken(String user) throws Exception {
        return token(Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code(user),
                        "code_verifier",
                        VERIFIER,
                        "redirect_uri",
                        REDIRECT))
                .path("access_token")
                .asText();
    }

    private String code(String user) throws Exception {
        URI consent = URI.create(garmin.authorizeUrl() + "?response_type=code&client_id=consumer-key"
                + "&code_challenge=" + FakeOAuth.s256(VERIFIER) + "&code_challenge_method=S256&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&state=s&fake_user=" + user);
        HttpResponse<Void> response =
                http.send(HttpRequest.newBuilder(consent).build(), HttpResponse.BodyHandlers.discarding());
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
    }

    private JsonNode token(Map<String, String> form) throws Exception {
        String body = Map.of("client_id", "consumer-key", "client_secret", "consumer-secret").entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        body += "&"
                + form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(garmin.tokenUrl())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(response.body());
    }

    private URI sleeps(long start, long end) {
        return garmin.apiUrl()
                .resolve(FakeGarmin.SLEEPS_PATH + "?uploadStartTimeInSeconds=" + start + "&uploadEndTimeInSeconds="
                        + end);
    }

    private JsonNode get(String token, long start, long end) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(sleeps(start, end))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(String token, URI uri) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A clock the test moves by hand. */
    static final class StepClock extends Clock {
        private volatile Instant now;

        StepClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
