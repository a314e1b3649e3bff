package org.sleepdelta.ingest.connect.garmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.FakeOAuth;
import org.sleepdelta.fakes.garmin.FakeGarmin;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.schemas.connections.OAuthTokens;

/** GarminConnector against the fake Garmin over loopback HTTP. */
class GarminConnectorTest {
    private static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GarminFixture fixture = new GarminFixture(NOW);
    private final GarminConnector connector = fixture.connector;
    private final FakeGarmin garmin = fixture.garmin;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theConsentLinkCarriesPkceAndStateAndTheCodeBuysTokensAndTheUserId() throws Exception {
        // when
        URI link = connector.authorizationUrl(
                "signed-state", FakeOAuth.s256(GarminFixture.VERIFIER), GarminFixture.REDIRECT);
        URI back = fixture.consent("garmin-user-1", "signed-state");
        VendorAccount account = connector.exchangeCode(
                GarminFixture.query(back).get("code"), GarminFixture.VERIFIER, GarminFixture.REDIRECT);

        // then
        Map<String, String> asked = GarminFixture.query(link);
        assertThat(link.getPath()).isEqualTo(FakeGarmin.AUTHORIZE_PATH);
        assertThat(asked)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", "consumer-key")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("code_challenge", FakeOAuth.s256(GarminFixture.VERIFIER))
                .containsEntry("redirect_uri", GarminFixture.REDIRECT.toString())
                .containsEntry("state", "signed-state");
        assertThat(back.toString()).startsWith(GarminFixture.REDIRECT.toString());
        assertThat(GarminFixture.query(back)).containsEntry("state", "signed-state");
        assertThat(account.vendorUserId()).isEqualTo("garmin-user-1");
        assertThat(account.tokens().refreshToken()).isNotBlank();
        assertThat(account.tokens().accessExpiresAt()).isEqualTo(NOW.plusSeconds(86_400));
        assertThat(account.timezone()).isNull();
    }

    @Test
    void aCodeWithTheWrongVerifierIsRefusedAsAnInvalidGrant() throws Exception {
        String code = GarminFixture.query(fixture.consent("garmin-user-2", "s")).get("code");

        assertThatThrownBy(() -> connector.exchangeCode(
                        code, "another-verifier-another-verifier-another-ve", GarminFixture.REDIRECT))
                .isInstanceOfSatisfying(VendorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_GRANT);
                    assertThat(e.getMessage())
                            .contains("garmin", "token", "400")
                            .doesNotContain(code);
                });
    }

    @Test
    void aRefreshRotatesTheRefreshTokenAndTheOldOneIsThenAnInvalidGrant() throws Exception {
        OAuthTokens first = fixture.connect("garmin-user-3").tokens();

        OAuthTokens second = connector.refresh(first);

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThatThrownBy(() -> connector.refresh(first))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_GRANT));
        assertThat(garmin.oauth().refreshCount("garmin-user-3")).isEqualTo(1);
        assertThat(garmin.oauth().refreshTokenReuses()).containsExactly("garmin-user-3");
        assertThat(connector
                        .fetchSleep(
                                second,
                                "garmin-user-3",
                                LocalDate.parse("2026-03-03"),
                                LocalDate.parse("2026-03-03"),
                                null)
                        .payload())
                .isNotEmpty();
    }

    @Test
    void anExpiredAccessTokenIsUnauthorized() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-4").tokens();
        garmin.oauth().expireAccessTokens("garmin-user-4");

        assertThatThrownBy(() -> connector.fetchSleep(
                        tokens, "garmin-user-4", LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-03"), null))
                .isInstanceOfSatisfying(VendorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.status()).isEqualTo(401);
                });
    }

    @Test
    void thePagesOfAPullCollectEverySummaryExactlyOnce() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-5").tokens();
        // given a night uploaded before the pull's first window (a day before the first night)
        fixture.clock.advance(Duration.ofDays(-4)); // 2026-02-28T10:00Z
        garmin.upload(
                "garmin-user-5", FakeGarmin.sleepSummary("n0", "2026-02-28", 1_772_230_000L, 5_000, "AUTO_FINAL"));
        // and nights uploaded over three days, one re-scored a day later, and another user's night
        fixture.clock.advance(Duration.ofHours(46)); // 2026-03-02T08:00Z
        garmin.upload(
                "garmin-user-5", FakeGarmin.sleepSummary("n1", "2026-03-02", 1_772_403_600L, 5_400, "AUTO_TENTATIVE"));
        garmin.upload("someone-else", FakeGarmin.sleepSummary("x1", "2026-03-02", 1_772_403_600L, 5_400, "AUTO_FINAL"));
        fixture.clock.advance(Duration.ofHours(24)); // 2026-03-03T08:00Z
        garmin.upload(
                "garmin-user-5", FakeGarmin.sleepSummary("n2", "2026-03-03", 1_772_490_000L, 6_000, "AUTO_FINAL"));
        garmin.upload(
                "garmin-user-5", FakeGarmin.sleepSummary("n1", "2026-03-02", 1_772_403_600L, 5_700, "AUTO_FINAL"));
        fixture.clock.advance(Duration.ofHours(26)); // 2026-03-04T10:00Z
        garmin.upload(
                "garmin-user-5", FakeGarmin.sleepSummary("n3", "2026-03-04", 1_772_576_400L, 6_600, "AUTO_TENTATIVE"));
        fixture.clock.advance(Duration.ofMinutes(1)); // windows end at now, exclusive

        // when the nights 03-02..03-04 are pulled page by page
        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            SleepPage page = connector.fetchSleep(
                    tokens, "garmin-user-5", LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-04"), cursor);
            assertThat(page.adapterVendor()).isEqualTo("garmin");
            for (JsonNode summary : JSON.readTree(page.payload())) {
                seen.add(summary.path("summaryId").asText() + "/"
                        + summary.path("validation").asText());
            }
            cursor = page.nextPageCursor();
            pages++;
        } while (cursor != null);

        // then the windows 03-01 00:00 .. now, one day each, gave each summary once, re-scored as it is now, and only
        // this user's
        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactlyInAnyOrder("n1/AUTO_FINAL", "n2/AUTO_FINAL", "n3/AUTO_TENTATIVE");
        List<FakeGarmin.BackfillRequest> none = garmin.backfillRequests();
        assertThat(none).isEmpty();
        assertThat(garmin.server().requests(FakeGarmin.SLEEPS_PATH)).allSatisfy(seenRequest -> {
            long start = Long.parseLong(seenRequest.query().get("uploadStartTimeInSeconds"));
            long end = Long.parseLong(seenRequest.query().get("uploadEndTimeInSeconds"));
            assertThat(end - start).isBetween(1L, 86_400L);
        });
    }

    @Test
    void aRateLimitIsRateLimitedWithTheRetryAfterGarminGave() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-6").tokens();
        garmin.failures().rateLimit(1, Duration.ofSeconds(42));

        assertThatThrownBy(() -> pullToday(tokens, "garmin-user-6"))
                .isInstanceOfSatisfying(VendorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
                });
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        GarminCalls calls = new GarminCalls(fixture.http, fixture.clock);

        assertThat(calls.retryAfter("120")).isEqualTo(Duration.ofMinutes(2));
        assertThat(calls.retryAfter("Wed, 04 Mar 2026 10:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
        assertThat(calls.retryAfter("Wed, 04 Mar 2026 09:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(calls.retryAfter("soon")).isNull();
        assertThat(calls.retryAfter(null)).isNull();
    }

    @Test
    void fiveHundredsAreServerErrorsAndFourOhThreeIsForbidden() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-7").tokens();
        garmin.failures().fail(1, 503).fail(1, 403);

        assertThatThrownBy(() -> pullToday(tokens, "garmin-user-7"))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SERVER));
        assertThatThrownBy(() -> pullToday(tokens, "garmin-user-7"))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN));
        assertThat(garmin.failures().served()).isEqualTo(2);
    }

    @Test
    void withdrawnConsentMakesTheRefreshAnInvalidGrantAndTheAccessTokenUnauthorized() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-8").tokens();
        garmin.withdrawConsent("garmin-user-8");

        assertThatThrownBy(() -> connector.refresh(tokens))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_GRANT));
        assertThatThrownBy(() -> pullToday(tokens, "garmin-user-8"))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void revokingDeregistersTheUserAtGarmin() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-9").tokens();

        connector.revoke(tokens, "garmin-user-9");

        assertThat(garmin.deregisteredByPartner()).containsExactly("garmin-user-9");
        assertThat(garmin.server().requests(FakeGarmin.REGISTRATION_PATH))
                .singleElement()
                .satisfies(r -> assertThat(r.method()).isEqualTo("DELETE"));
        assertThatThrownBy(() -> connector.refresh(tokens))
                .isInstanceOfSatisfying(
                        VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_GRANT));
    }

    @Test
    void aNewConnectionAsksForItsHistoryOnceAndGarminPushesIt() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-10").tokens();
        garmin.upload(
                "garmin-user-10", FakeGarmin.sleepSummary("old", "2026-02-20", 1_771_538_400L, 5_000, "AUTO_FINAL"));
        try (WebhookReceiver receiver = new WebhookReceiver(connector.webhook())) {
            garmin.pushBackfillsTo(receiver.url());

            Map<String, String> state =
                    connector.ensureUserSubscription(tokens, "garmin-user-10", receiver.url(), Map.of());
            Map<String, String> again =
                    connector.ensureUserSubscription(tokens, "garmin-user-10", receiver.url(), state);

            assertThat(garmin.backfillRequests())
                    .containsExactly(new FakeGarmin.BackfillRequest(
                            "garmin-user-10", NOW.minus(Duration.ofDays(30)).getEpochSecond(), NOW.getEpochSecond()));
            assertThat(again).isEqualTo(state).containsKey(GarminConnector.BACKFILL_REQUESTED_AT);
            // Garmin answers 202 first and pushes afterwards, as the real one does
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !receiver.replies().isEmpty());
            assertThat(receiver.replies())
                    .singleElement()
                    .satisfies(reply -> assertThat(reply.events())
                            .singleElement()
                            .satisfies(event -> assertThat(event.vendorUserId()).isEqualTo("garmin-user-10")));
        }
    }

    @Test
    void anUnreachableGarminIsANetworkError() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-11").tokens();
        fixture.garmin.close();
        GarminConnector cut = new GarminConnector(fixture.app, HttpClient.newHttpClient(), fixture.clock);

        assertThatThrownBy(() -> cut.fetchSleep(
                        tokens, "garmin-user-11", LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-03"), null))
                .isInstanceOfSatisfying(VendorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NETWORK);
                    assertThat(e.getMessage()).doesNotContain(tokens.accessToken());
                });
    }

    @Test
    void aWindowInTheFutureIsAnEmptyLastPageWithoutACall() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-12").tokens();
        VendorApp app = fixture.app;

        SleepPage page = connector.fetchSleep(
                tokens, "garmin-user-12", LocalDate.parse("2026-04-01"), LocalDate.parse("2026-04-02"), null);

        assertThat(new String(page.payload(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("[]");
        assertThat(page.nextPageCursor()).isNull();
        assertThat(garmin.server().requests(FakeGarmin.SLEEPS_PATH)).isEmpty();
        assertThat(app.vendor()).isEqualTo(connector.vendor());
    }

    @Test
    void aCursorFromOutsideThePullsWindowsIsABadResponseNotACrash() throws Exception {
        OAuthTokens tokens = fixture.connect("garmin-user-13").tokens();

        for (String cursor : List.of("not-a-second", "0")) {
            assertThatThrownBy(() -> connector.fetchSleep(
                            tokens,
                            "garmin-user-13",
                            LocalDate.parse("2026-03-03"),
                            LocalDate.parse("2026-03-03"),
                            cursor))
                    .isInstanceOfSatisfying(
                            VendorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        }
        assertThat(garmin.server().requests(FakeGarmin.SLEEPS_PATH)).isEmpty();
    }

    private SleepPage pullToday(OAuthTokens tokens, String user) throws VendorException {
        return connector.fetchSleep(
                tokens, user, LocalDate.parse("2026-03-04"), LocalDate.parse("2026-03-04"), "1772575200");
    }
}
