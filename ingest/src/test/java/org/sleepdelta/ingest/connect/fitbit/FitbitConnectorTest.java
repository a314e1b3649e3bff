package org.sleepdelta.ingest.connect.fitbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.fakes.googlehealth.FakeGoogleHealth;
import org.sleepdelta.fakes.googlehealth.GoogleSleepPoints;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.schemas.connections.OAuthTokens;

/** The fitbit connector against the Google Health API fake, over real HTTP on loopback. */
class FitbitConnectorTest {
    private static final String CLIENT_ID = "sleepdelta.apps.googleusercontent.com";
    private static final String CLIENT_SECRET = "GOCSPX-test-secret";
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/v1/connections/callback");
    private static final String USER = "4511234567";
    private static final ZoneOffset BERLIN_WINTER = ZoneOffset.ofHours(1);
    private static final AdapterContext CLIENT =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/Berlin"));

    private final FakeGoogleHealth google = new FakeGoogleHealth(Clock.systemUTC(), CLIENT_ID, CLIENT_SECRET);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FitbitConnector connector = new FitbitConnector(app(), http, Clock.systemUTC());

    @AfterEach
    void close() {
        google.close();
    }

    @Test
    void theFullOAuthFlowWithPkceGivesTokensAndTheHealthUserId() throws Exception {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        URI link = connector.authorizationUrl("signed-state", s256(verifier), CALLBACK);
        Map<String, String> query = query(link);
        assertThat(query)
                .containsEntry("scope", FitbitConnector.SLEEP_SCOPE)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("access_type", "offline")
                .containsEntry("redirect_uri", CALLBACK.toString());
        Map<String, String> callback = consent(link, USER);
        assertThat(callback).containsEntry("state", "signed-state");

        VendorAccount account = connector.exchangeCode(callback.get("code"), verifier, CALLBACK);

        assertThat(account.vendorUserId()).isEqualTo(USER);
        assertThat(account.tokens().refreshToken()).isNotBlank();
        assertThat(account.tokens().accessExpiresAt()).isAfter(Instant.now());
        assertThat(account.tokens().scope()).contains(FitbitConnector.SLEEP_SCOPE);
        assertThat(account.timezone()).as("Google gives offsets only").isNull();
    }

    @Test
    void aCodeWithTheWrongVerifierIsRefusedAsAnInvalidGrant() throws Exception {
        URI link = connector.authorizationUrl("s", s256("the-right-verifier-the-right-verifier-0123"), CALLBACK);
        String code = consent(link, USER).get("code");

        assertThatThrownBy(() -> connector.exchangeCode(code, "a-wrong-verifier-a-wrong-verifier-0123456", CALLBACK))
                .isInstanceOfSatisfying(VendorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VendorException.Kind.INVALID_GRANT);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("token exchange").doesNotContain(code);
                });
    }

    @Test
    void googleKeepsTheRefreshTokenSoARefreshCarriesTheOldOneForward() throws Exception {
        OAuthTokens tokens = connect(USER).tokens();

        OAuthTokens refreshed = connector.refresh(tokens);
        OAuthTokens again = connector.refresh(refreshed);

        assertThat(refreshed.accessToken()).isNotEqualTo(tokens.accessToken());
        assertThat(refreshed.refreshToken()).isEqualTo(tokens.refreshToken());
        assertThat(again.accessToken()).isNotEqualTo(refreshed.accessToken());
        assertThat(google.oauth().refreshCount(USER)).isEqualTo(2);
    }

    @Test
    void whenRefreshTokensRotateTheNewOneIsReturnedAndTheOldOneIsAnInvalidGrant() throws Exception {
        google.rotateRefreshTokens(true);
        OAuthTokens tokens = connect(USER).tokens();

        OAuthTokens rotated = connector.refresh(tokens);

        assertThat(rotated.refreshToken()).isNotEqualTo(tokens.refreshToken());
        assertThat(connector.refresh(rotated).accessToken()).isNotBlank();
        assertThatThrownBy(() -> connector.refresh(tokens))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.INVALID_GRANT));
        assertThat(google.oauth().refreshTokenReuses()).containsExactly(USER);
    }

    @Test
    void anExpiredAccessTokenIsUnauthorizedAndARefreshMendsIt() throws Exception {
        google.putSleep(USER, GoogleSleepPoints.night("n1", night(1), 480, BERLIN_WINTER));
        OAuthTokens tokens = connect(USER).tokens();
        google.oauth().expireAccessTokens(USER);

        assertThatThrownBy(() -> fetch(tokens, null)).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorException.Kind.UNAUTHORIZED);
            assertThat(e.getMessage()).contains("HTTP 401 UNAUTHENTICATED").doesNotContain(tokens.accessToken());
        });
        assertThat(fetch(connector.refresh(tokens), null).payload()).isNotEmpty();
    }

    @Test
    void pagesCollectEveryNightOfTheWindowExactlyOnce() throws Exception {
        for (int n = 1; n <= 7; n++) {
            google.putSleep(USER, GoogleSleepPoints.night("n" + n, night(n), 480, BERLIN_WINTER));
        }
        google.putSleep(USER, GoogleSleepPoints.night("outside", night(20), 480, BERLIN_WINTER));
        google.pageSize(3);
        OAuthTokens tokens = connect(USER).tokens();

        List<SleepPage> pages = pull(tokens);

        assertThat(pages).hasSize(3);
        assertThat(pages).allSatisfy(p -> assertThat(p.adapterVendor()).isEqualTo("google-health"));
        assertThat(pages.get(2).nextPageCursor()).isNull();
        assertThat(records(pages))
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly(
                        "google-health:n1",
                        "google-health:n2",
                        "google-health:n3",
                        "google-health:n4",
                        "google-health:n5",
                        "google-health:n6",
                        "google-health:n7");
        assertThat(google.server().requests("/v4/users/me/dataTypes/sleep/dataPoints"))
                .allSatisfy(seen -> assertThat(seen.query().get("filter"))
                        .isEqualTo("sleep.interval.civil_start_time >= \"2026-03-01T11:00:00\""
                                + " AND sleep.interval.civil_start_time < \"2026-03-08T13:00:00\""));
    }

    @Test
    void aPulledPageGivesExactlyTheRecordsAnUploadOfTheSameDataPointsGives() throws Exception {
        var first = GoogleSleepPoints.night("n1", night(1), 480, BERLIN_WINTER);
        var second = GoogleSleepPoints.night("n2", night(2), 450, BERLIN_WINTER);
        google.putSleep(USER, first).putSleep(USER, second).pageSize(1);
        OAuthTokens tokens = connect(USER).tokens();

        List<SleepRecord> pulled = records(pull(tokens));
        List<SleepRecord> uploaded = upload("[" + first + "," + second + "]");
        assertThat(pulled).isEqualTo(uploaded).hasSize(2);

        // Google re-scores the first night and the second is deleted
        var rescored = GoogleSleepPoints.night("n1", night(1).plus(Duration.ofMinutes(20)), 460, BERLIN_WINTER);
        google.putSleep(USER, rescored);
        google.deleteSleep(USER, "n2");

        List<SleepRecord> pulledAgain = records(pull(tokens));
        assertThat(pulledAgain).isEqualTo(upload("[" + rescored + "]"));
        assertThat(pulledAgain.get(0).getSourceRecordId())
                .as("the re-scored night replaces the record it had")
                .isEqualTo(pulled.get(0).getSourceRecordId());
        assertThat(pulledAgain.get(0).getTotalSleepMinutes()).isEqualTo(425.0);
    }

    @Test
    void rateLimitingIsRateLimitedWithGooglesRetryAfter() throws Exception {
        OAuthTokens tokens = connect(USER).tokens();
        google.failures().rateLimit(1, Duration.ofSeconds(17));

        assertThatThrownBy(() -> fetch(tokens, null)).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorException.Kind.RATE_LIMITED);
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
            assertThat(e.getMessage()).contains("sleep list", "RESOURCE_EXHAUSTED");
        });
    }

    @Test
    void serverErrorsAreServerAndForbiddenIsForbidden() throws Exception {
        OAuthTokens tokens = connect(USER).tokens();
        google.failures().fail(1, 503).fail(1, 403);

        assertThatThrownBy(() -> fetch(tokens, null))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.SERVER));
        assertThatThrownBy(() -> fetch(tokens, null))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.FORBIDDEN));
        assertThat(fetch(tokens, null).payload()).isNotEmpty();
    }

    @Test
    void aStoppedServerIsANetworkFailure() throws Exception {
        OAuthTokens tokens = connect(USER).tokens();
        google.close();

        assertThatThrownBy(() -> fetch(tokens, null))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.NETWORK));
    }

    @Test
    void consentWithdrawnAtGoogleStopsTheTokensAndTheRefresh() throws Exception {
        OAuthTokens tokens = connect(USER).tokens();
        google.withdrawConsent(USER);

        assertThatThrownBy(() -> fetch(tokens, null))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.UNAUTHORIZED));
        assertThatThrownBy(() -> connector.refresh(tokens))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.INVALID_GRANT));
    }

    @Test
    void revokeReachesGoogleAndEndsTheGrant() throws Exception {
        OAuthTokens tokens = connect(USER).tokens();

        connector.revoke(tokens, USER);

        assertThat(google.revokedTokens()).containsExactly(tokens.refreshToken());
        assertThatThrownBy(() -> connector.refresh(tokens))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(VendorException.Kind.INVALID_GRANT));
        connector.revoke(tokens, USER); // revoking again is no error: Google's invalid_token means it is done
    }

    @Test
    void theSubscriberVerificationPassesAndASleepNotificationIsAChangeForItsDates() throws Exception {
        FitbitConnector verifying = new FitbitConnector(app(), http, Clock.systemUTC(), google.webhookPublicKey());
        try (WebhookEndpoint endpoint = new WebhookEndpoint(verifying.webhook())) {
            var answers = google.createSubscriber(endpoint.uri(), WebhookAuthorization.forClientSecret(CLIENT_SECRET));
            assertThat(answers).extracting(a -> a.status()).containsExactly(201, 401);
            assertThat(google.subscribed(endpoint.uri())).isTrue();

            var answer = google.notifySleep(
                    endpoint.uri(),
                    USER,
                    "UPSERT",
                    java.time.LocalDateTime.parse("2026-03-01T23:10:00"),
                    java.time.LocalDateTime.parse("2026-03-02T07:10:00"));

            assertThat(answer.status()).isEqualTo(204);
            assertThat(endpoint.events).singleElement().satisfies(event -> {
                assertThat(event.vendorUserId()).isEqualTo(USER);
                assertThat(event.kind()).isEqualTo(org.sleepdelta.ingest.connect.VendorWebhook.Event.Kind.CHANGED);
                assertThat(event.from()).isEqualTo(LocalDate.of(2026, 3, 1));
                assertThat(event.to()).isEqualTo(LocalDate.of(2026, 3, 2));
            });
        }
    }

    @Test
    void forgedNotificationsAreRefusedWithoutEvents() throws Exception {
        FitbitConnector verifying = new FitbitConnector(app(), http, Clock.systemUTC(), google.webhookPublicKey());
        try (WebhookEndpoint endpoint = new WebhookEndpoint(verifying.webhook())) {
            google.createSubscriber(endpoint.uri(), WebhookAuthorization.forClientSecret(CLIENT_SECRET));
            var start = java.time.LocalDateTime.parse("2026-03-01T23:10:00");
            var end = java.time.LocalDateTime.parse("2026-03-02T07:10:00");

            for (FakeGoogleHealth.Forgery forgery : FakeGoogleHealth.Forgery.values()) {
                assertThat(google.notifyForged(endpoint.uri(), USER, start, end, forgery)
                                .status())
                        .as(forgery.name())
                        .isEqualTo(401);
            }
            assertThat(endpoint.events).isEmpty();
        }
    }

    @Test
    void withoutGooglesKeyTheSecretAloneAdmitsANotification() throws Exception {
        try (WebhookEndpoint endpoint = new WebhookEndpoint(connector.webhook())) {
            google.createSubscriber(endpoint.uri(), WebhookAuthorization.forClientSecret(CLIENT_SECRET));
            var start = java.time.LocalDateTime.parse("2026-03-01T23:10:00");
            var end = java.time.LocalDateTime.parse("2026-03-02T07:10:00");

            assertThat(google.notifyForged(endpoint.uri(), USER, start, end, FakeGoogleHealth.Forgery.NO_AUTHORIZATION)
                            .status())
                    .isEqualTo(401);
            assertThat(google.notifySleep(endpoint.uri(), USER, "DELETE", start, end)
                            .status())
                    .isEqualTo(204);
            assertThat(endpoint.events).hasSize(1);
        }
    }

    private VendorApp app() {
        return new VendorApp(
                "fitbit", CLIENT_ID, CLIENT_SECRET, google.authorizeUrl(), google.tokenUrl(), google.apiUrl(), 300);
    }

    private VendorAccount connect(String user) throws Exception {
        String verifier = "verifier-" + user + "-0123456789012345678901234567890";
        URI link = connector.authorizationUrl("state", s256(verifier), CALLBACK);
        return connector.exchangeCode(consent(link, user).get("code"), verifier, CALLBACK);
    }

    /** The consent screen as a browser meets it: the redirect is read, not followed. */
    private Map<String, String> consent(URI link, String user) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(link + "&fake_user=" + user))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(CALLBACK.toString());
        return query(location);
    }

    private SleepPage fetch(OAuthTokens tokens, String cursor) throws VendorException {
        return connector.fetchSleep(tokens, USER, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 7), cursor);
    }

    private List<SleepPage> pull(OAuthTokens tokens) throws VendorException {
        List<SleepPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            SleepPage page = fetch(tokens, cursor);
            pages.add(page);
            cursor = page.nextPageCursor();
        } while (cursor != null);
        return pages;
    }

    private static List<SleepRecord> records(List<SleepPage> pages) throws Exception {
        List<SleepRecord> records = new ArrayList<>();
        for (SleepPage page : pages) {
            records.addAll(normalise(page.payload()));
        }
        return records;
    }

    private static List<SleepRecord> upload(String payload) throws Exception {
        return normalise(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SleepRecord> normalise(byte[] payload) throws Exception {
        CollectingSink sink = new CollectingSink();
        VendorAdapters.forVendor(Vendor.GOOGLE_HEALTH)
                .orElseThrow()
                .normalise(new ByteArrayInputStream(payload), CLIENT, sink);
        assertThat(sink.problems).isEmpty();
        return sink.records;
    }

    /** The evening of night {@code n} of March 2026 (n = 1: March 1st, 23:00 in Berlin). */
    private static Instant night(int n) {
        return Instant.parse("2026-02-28T22:00:00Z").plus(Duration.ofDays(n));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
