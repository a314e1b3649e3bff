package org.sleepdelta.ingest.connect.oura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.fakes.WebhookSender;
import org.sleepdelta.fakes.oura.FakeOura;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.ingest.vendor.jsonapi.Fixtures;
import org.sleepdelta.platform.testing.MutableClock;
import org.sleepdelta.schemas.connections.OAuthTokens;

/** OuraConnector against the Oura fake over real loopback HTTP. */
class OuraConnectorTest {
    // RFC 7636 appendix B
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final URI REDIRECT = URI.create("http://127.0.0.1:9/v1/connections/callback");
    static final String USER = "oura-user-7f3a";
    static final AdapterContext CONTEXT = new AdapterContext("clinic-7", "client-42", ZoneId.of("America/Chicago"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
    private final FakeOura oura = new FakeOura(clock);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OuraConnector connector = new OuraConnector(
            new VendorApp(
                    "oura",
                    FakeOura.DEFAULT_CLIENT_ID,
                    FakeOura.DEFAULT_CLIENT_SECRET,
                    oura.authorizeUrl(),
                    oura.tokenUrl(),
                    oura.apiUrl(),
                    1000),
            http,
            clock);
    private final LoopbackWebhook webhook = new LoopbackWebhook("oura", connector.webhook());

    @AfterEach
    void close() {
        webhook.close();
        oura.close();
    }

    @Test
    void theAuthorizationCodeFlowWithPkceGivesTokensAndTheUsersOuraId() throws Exception {
        URI authorization = connector.authorizationUrl("signed-state", CHALLENGE, REDIRECT);
        assertThat(authorization.getRawQuery())
                .contains("scope=daily+personal", "code_challenge=" + CHALLENGE, "code_challenge_method=S256");

        Map<String, String> callback = OAuthBrowser.consent(authorization, USER);
        assertThat(callback).containsEntry("state", "signed-state").containsEntry("_location", REDIRECT.toString());
        VendorAccount account = connector.exchangeCode(callback.get("code"), VERIFIER, REDIRECT);

        assertThat(account.vendorUserId()).isEqualTo(USER);
        assertThat(account.tokens().refreshToken()).isNotNull();
        assertThat(account.tokens().accessExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(account.timezone()).isNull(); // Oura gives none: the connection's zone applies
    }

    @Test
    void aCodeWithTheWrongVerifierIsAnInvalidGrant() throws Exception {
        String code = OAuthBrowser.consent(connector.authorizationUrl("s", CHALLENGE, REDIRECT), USER)
                .get("code");

        VendorException refused = catchThrowableOfType(
                VendorException.class,
                () -> connector.exchangeCode(code, "the-wrong-verifier-of-43-characters-or-more-x", REDIRECT));

        assertThat(refused.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(refused.getMessage()).contains("oura", "token exchange", "400", "invalid_grant");
    }

    @Test
    void aWrongClientSecretIsForbiddenNotUnauthorizedSoNoRefreshIsAttempted() throws Exception {
        OuraConnector misconfigured = new OuraConnector(
                new VendorApp(
                        "oura",
                        FakeOura.DEFAULT_CLIENT_ID,
                        "not-our-secret",
                        oura.authorizeUrl(),
                        oura.tokenUrl(),
                        oura.apiUrl(),
                        1000),
                http,
                clock);
        String code = OAuthBrowser.consent(misconfigured.authorizationUrl("s", CHALLENGE, REDIRECT), USER)
                .get("code");

        VendorException refused =
                catchThrowableOfType(VendorException.class, () -> misconfigured.exchangeCode(code, VERIFIER, REDIRECT));

        assertThat(refused.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(refused.getMessage()).contains("invalid_client").doesNotContain("not-our-secret");
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenIsThenAnInvalidGrant() throws Exception {
        OAuthTokens first = connect().tokens();

        OAuthTokens second = connector.refresh(first);
        VendorException reuse = catchThrowableOfType(VendorException.class, () -> connector.refresh(first));

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(reuse.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(reuse.getMessage()).doesNotContain(first.refreshToken(), first.accessToken());
        assertThat(oura.oauth().refreshCount(USER)).isEqualTo(1);
        assertThat(oura.oauth().refreshTokenReuses()).containsExactly(USER);
        // the new access token works
        assertThat(connector.fetchSleep(second, USER, day(1), day(2), null).payload())
                .isNotEmpty();
    }

    @Test
    void anExpiredAccessTokenIsUnauthorized() throws Exception {
        OAuthTokens tokens = connect().tokens();
        oura.oauth().expireAccessTokens(USER);

        VendorException expired = catchThrowableOfType(
                VendorException.class, () -> connector.fetchSleep(tokens, USER, day(1), day(2), null));

        assertThat(expired.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.getMessage()).doesNotContain(tokens.accessToken());
    }

    @Test
    void paginationCollectsEveryDocumentOnceAcrossPages() throws Exception {
        OAuthTokens tokens = connect().tokens();
        List<ObjectNode> history = documents("oura/sleep-history-four-months.json");
        history.removeIf(d -> !d.path("day").isTextual()); // the fixture's deletion has no day to list it under
        history.forEach(d -> oura.putSleep(USER, d));
        oura.pageSize(10);

        List<String> ids = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            SleepPage page = connector.fetchSleep(
                    tokens, USER, LocalDate.parse("2026-06-01"), LocalDate.parse("2026-10-31"), cursor);
            assertThat(page.adapterVendor()).isEqualTo("oura");
            JSON.readTree(page.payload())
                    .path("data")
                    .forEach(d -> ids.add(d.path("id").asText()));
            cursor = page.nextPageCursor();
            pages++;
        } while (cursor != null);

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        history.stream().map(d -> d.path("id").asText()).toList());
        assertThat(pages).isEqualTo((history.size() + 9) / 10);
        assertThat(oura.server().requests("/v2/usercollection/sleep").get(0).query())
                .containsEntry("start_date", "2026-06-01")
                .containsEntry("end_date", "2026-11-01");
    }

    @Test
    void rateLimitingServerErrorsAndForbiddenAreClassified() throws Exception {
        OAuthTokens tokens = connect().tokens();
        oura.failures().rateLimit(1, Duration.ofSeconds(17)).fail(1, 503).fail(1, 403);

        VendorException limited = fetchFailure(tokens);
        VendorException server = fetchFailure(tokens);
        VendorException forbidden = fetchFailure(tokens);

        assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(server.kind()).isEqualTo(Kind.SERVER);
        assertThat(server.status()).isEqualTo(503);
        assertThat(forbidden.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(oura.failures().served()).isEqualTo(3);
    }

    @Test
    void aNetworkFailureIsClassifiedAsSuch() throws Exception {
        OAuthTokens tokens = connect().tokens();
        oura.close();

        assertThat(fetchFailure(tokens).kind()).isEqualTo(Kind.NETWORK);
    }

    @Test
    void consentWithdrawnMakesRefreshAnInvalidGrantAndTheAccessTokenUnauthorized() throws Exception {
        OAuthTokens tokens = connect().tokens();
        oura.withdrawConsent(USER);

        assertThat(fetchFailure(tokens).kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(catchThrowableOfType(VendorException.class, () -> connector.refresh(tokens))
                        .kind())
                .isEqualTo(Kind.INVALID_GRANT);
    }

    @Test
    void revokeReachesOuraAndEndsTheTokens() throws Exception {
        OAuthTokens tokens = connect().tokens();

        connector.revoke(tokens, USER);

        assertThat(oura.server().requests("/oauth/revoke")).hasSize(1);
        assertThat(oura.oauth().consentWithdrawn(USER)).isTrue();
        assertThat(fetchFailure(tokens).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void appSubscriptionsAreCreatedThroughTheChallengeHandshakeOnceAndRenewedBeforeTheyExpire() throws Exception {
        connector.ensureAppSubscriptions(webhook.url());

        assertThat(oura.subscriptions().all())
                .extracting(s -> s.eventType() + "/" + s.dataType() + "@" + s.callbackUrl())
                .containsExactlyInAnyOrder(
                        "create/sleep@" + webhook.url(),
                        "update/sleep@" + webhook.url(),
                        "delete/sleep@" + webhook.url());
        assertThat(oura.subscriptions().handshakes()).isEqualTo(3);
        assertThat(webhook.replies()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.events()).isEmpty();
        });

        connector.ensureAppSubscriptions(webhook.url()); // all present and far from expiring: nothing to do
        assertThat(oura.subscriptions().all()).hasSize(3);
        assertThat(oura.subscriptions().renewals()).isZero();

        clock.advance(Duration.ofDays(85)); // 90-day subscriptions now expire within the week
        connector.ensureAppSubscriptions(webhook.url());
        assertThat(oura.subscriptions().renewals()).isEqualTo(3);
        assertThat(oura.subscriptions().all())
                .allSatisfy(
                        s -> assertThat(s.expiration()).isAfter(clock.instant().plus(Duration.ofDays(80))));
    }

    @Test
    void theHandshakeEchoesTheChallengeOnlyForOurVerificationToken() {
        VendorWebhook.Reply ours = connector
                .webhook()
                .handle(new VendorWebhook.Request(
                        "GET",
                        Map.of(
                                "verification_token",
                                OuraWebhook.verificationToken(FakeOura.DEFAULT_CLIENT_SECRET),
                                "challenge",
                                "c-123"),
                        Map.of(),
                        new byte[0]));
        VendorWebhook.Reply theirs = connector
                .webhook()
                .handle(new VendorWebhook.Request(
                        "GET", Map.of("verification_token", "guess", "challenge", "c-123"), Map.of(), new byte[0]));

        assertThat(ours.status()).isEqualTo(200);
        assertThat(ours.contentType()).isEqualTo("application/json");
        assertThat(new String(ours.body(), StandardCharsets.UTF_8)).isEqualTo("{\"challenge\":\"c-123\"}");
        assertThat(theirs.status()).isEqualTo(401);
        assertThat(theirs.refusal()).isEqualTo("bad_verification_token");
    }

    @Test
    void aSignedNotificationIsAcceptedAsAChangeOfTheUsersSleep() {
        WebhookSender.Answer answer = oura.sendWebhook(webhook.url(), oura.notification("update", USER, "8f3e1a52"));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(webhook.lastReply().events()).singleElement().satisfies(e -> {
            assertThat(e.vendorUserId()).isEqualTo(USER);
            assertThat(e.kind()).isEqualTo(VendorWebhook.Event.Kind.CHANGED);
        });
    }

    @Test
    void aForgedOrStaleNotificationIsRefusedWithoutEvents() {
        WebhookSender.Answer forged =
                oura.sendForgedWebhook(webhook.url(), oura.notification("update", USER, "8f3e1a52"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(webhook.lastReply().refusal()).isEqualTo("bad_signature");
        assertThat(webhook.lastReply().events()).isEmpty();

        WebhookSender.Answer stale = oura.sendStaleWebhook(
                webhook.url(), oura.notification("update", USER, "8f3e1a52"), Duration.ofMinutes(6));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(webhook.lastReply().refusal()).isEqualTo("stale_timestamp");
        assertThat(webhook.lastReply().events()).isEmpty();

        WebhookSender.Answer fresh = oura.sendStaleWebhook(
                webhook.url(), oura.notification("update", USER, "8f3e1a52"), Duration.ofMinutes(4));
        assertThat(fresh.status()).isEqualTo(204);
    }

    @Test
    void pulledNightsAreTheRecordsAnUploadOfTheSamePayloadGivesReScoredAndDeletedIncluded() throws Exception {
        VendorAdapter adapter = VendorAdapters.forVendor(Vendor.OURA).orElseThrow();
        OAuthTokens tokens = connect().tokens();
        documents("oura/sleep-collection.json").forEach(d -> oura.putSleep(USER, d));
        oura.pageSize(1);

        // first pull, one document per page
        assertThat(pullAll(adapter, tokens).records)
                .isEqualTo(upload(adapter, Fixtures.open("oura/sleep-collection.json")).records);

        // Oura re-scores the night and the user deletes the nap: the night comes by pull, the deletion by webhook
        List<ObjectNode> rescored = documents("oura/sleep-rescored-and-deleted.json");
        ObjectNode night = rescored.get(0);
        ObjectNode deletedNap = rescored.get(1);
        oura.putSleep(USER, night);
        oura.deleteSleep(USER, deletedNap.path("id").asText());
        assertThat(oura.sendWebhook(
                                webhook.url(),
                                oura.notification(
                                        "delete", USER, deletedNap.path("id").asText()))
                        .status())
                .isEqualTo(204);
        VendorWebhook.Event deletion = webhook.lastReply().events().get(0);
        assertThat(deletion.kind()).isEqualTo(VendorWebhook.Event.Kind.PUSHED);

        CollectingSink pulled = pullAll(adapter, tokens);
        CollectingSink pushed = upload(adapter, new ByteArrayInputStream(deletion.payload()));
        CollectingSink uploaded = upload(adapter, Fixtures.open("oura/sleep-rescored-and-deleted.json"));
        List<SleepRecord> fromConnection = new ArrayList<>(pulled.records);
        fromConnection.addAll(pushed.records);
        assertThat(pulled.problems).isEmpty();
        assertThat(pushed.problems).isEmpty();
        assertThat(fromConnection).containsExactlyInAnyOrderElementsOf(uploaded.records);
    }

    private CollectingSink pullAll(VendorAdapter adapter, OAuthTokens tokens) throws Exception {
        CollectingSink sink = new CollectingSink();
        String cursor = null;
        do {
            SleepPage page = connector.fetchSleep(tokens, USER, day(1), day(2), cursor);
            Fixtures.normalise(adapter, new ByteArrayInputStream(page.payload()), CONTEXT, sink);
            cursor = page.nextPageCursor();
        } while (cursor != null);
        return sink;
    }

    private static CollectingSink upload(VendorAdapter adapter, InputStream payload) throws Exception {
        return Fixtures.run(adapter, payload, CONTEXT);
    }

    private VendorException fetchFailure(OAuthTokens tokens) {
        return catchThrowableOfType(
                VendorException.class, () -> connector.fetchSleep(tokens, USER, day(1), day(2), null));
    }

    private VendorAccount connect() throws Exception {
        String code = OAuthBrowser.consent(connector.authorizationUrl("s", CHALLENGE, REDIRECT), USER)
                .get("code");
        return connector.exchangeCode(code, VERIFIER, REDIRECT);
    }

    private static LocalDate day(int dayOfMarch) {
        return LocalDate.of(2026, 3, dayOfMarch);
    }

    static List<ObjectNode> documents(String fixture) throws Exception {
        List<ObjectNode> out = new ArrayList<>();
        try (InputStream in = Fixtures.open(fixture)) {
            JsonNode root = JSON.readTree(in);
            root.path("data").forEach(d -> out.add((ObjectNode) d));
        }
        return out;
    }
}
