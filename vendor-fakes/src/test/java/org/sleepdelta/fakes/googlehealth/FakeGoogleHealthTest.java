package org.sleepdelta.fakes.googlehealth;

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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.FakeOAuth;

/** The fake's own trickiest parts: keyset paging that survives changes between pages, civil-time filters, Google's non-rotating refresh. */
class FakeGoogleHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:1/v1/connections/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final ZoneOffset BERLIN_WINTER = ZoneOffset.ofHours(1);

    private final FakeGoogleHealth google = new FakeGoogleHealth(Clock.systemUTC(), "our-app", "our-secret");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        google.close();
    }

    @Test
    void pagesFollowTheLastPointSoAPointAddedBeforeTheCursorNeitherRepeatsNorShiftsTheRest() throws Exception {
        for (int night = 1; night <= 5; night++) {
            google.putSleep("u1", GoogleSleepPoints.night("n" + night, nightStart(night), 480, BERLIN_WINTER));
        }
        google.pageSize(2);
        String token = grant("u1").accessToken();

        JsonNode first = list(token, null, null);
        google.putSleep("u1", GoogleSleepPoints.night("n0", nightStart(0), 480, BERLIN_WINTER));
        List<String> ids = new ArrayList<>(ids(first));
        String next = first.path("nextPageToken").asText(null);
        while (next != null) {
            JsonNode page = list(token, null, next);
            ids.addAll(ids(page));
            next = page.path("nextPageToken").asText(null);
        }

        assertThat(ids).containsExactly("n1", "n2", "n3", "n4", "n5");
    }

    @Test
    void theCivilStartFilterComparesLocalTimeNotUtc() throws Exception {
        // 23:30 UTC on March 1st is 00:30 on March 2nd in Berlin
        google.putSleep(
                "u1", GoogleSleepPoints.night("late", Instant.parse("2026-03-01T23:30:00Z"), 420, BERLIN_WINTER));
        String token = grant("u1").accessToken();

        JsonNode march2 = list(
                token,
                "sleep.interval.civil_start_time >= \"2026-03-02\" AND sleep.interval.civil_start_time < \"2026-03-03\"",
                null);
        JsonNode march1 = list(
                token,
                "sleep.interval.civil_start_time >= \"2026-03-01\" AND sleep.interval.civil_start_time < \"2026-03-02\"",
                null);

        assertThat(ids(march2)).containsExactly("late");
        assertThat(ids(march1)).isEmpty();
    }

    @Test
    void googleKeepsTheRefreshTokenUnlessRotationIsScripted() throws Exception {
        FakeOAuth.Grant grant = grant("u1");

        JsonNode once = refresh(grant.refreshToken());
        JsonNode twice = refresh(grant.refreshToken());
        assertThat(once.has("refresh_token")).isFalse();
        assertThat(twice.path("access_token").asText()).isNotBlank();

        google.rotateRefreshTokens(true);
        JsonNode rotated = refresh(grant.refreshToken());
        String newRefresh = rotated.path("refresh_token").asText();
        assertThat(newRefresh).isNotBlank().isNotEqualTo(grant.refreshToken());
        assertThat(refresh(grant.refreshToken()).path("error").asText()).isEqualTo("invalid_grant");
    }

    private FakeOAuth.Grant grant(String user) throws Exception {
        URI consent = google.oauth()
                .authorize(java.util.Map.of(
                        "client_id",
                        "our-app",
                        "redirect_uri",
                        REDIRECT,
                        "code_challenge",
                        FakeOAuth.s256(VERIFIER),
                        "code_challenge_method",
                        "S256",
                        "fake_user",
                        user));
        String code = consent.getQuery().replaceAll(".*code=([^&]+).*", "$1");
        return google.oauth().exchangeCode("our-app", "our-secret", code, REDIRECT, VERIFIER);
    }

    private JsonNode list(String token, String filter, String pageToken) throws Exception {
        StringBuilder uri = new StringBuilder(google.apiUrl() + "/v4/users/me/dataTypes/sleep/dataPoints?pageSize=25");
        if (filter != null) {
            uri.append("&filter=").append(URLEncoder.encode(filter, StandardCharsets.UTF_8));
        }
        if (pageToken != null) {
            uri.append("&pageToken=").append(pageToken);
        }
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(uri.toString()))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode refresh(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=our-app&client_secret=our-secret&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(google.tokenUrl())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("dataPoints").forEach(p -> {
            String name = p.path("name").asText();
            ids.add(name.substring(name.lastIndexOf('/') + 1));
        });
        return ids;
    }

    private static Instant nightStart(int night) {
        return Instant.parse("2026-03-01T22:00:00Z").plus(Duration.ofDays(night));
    }
}
