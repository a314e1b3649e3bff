package org.sleepdelta.ingest.connect.withings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
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
import org.sleepdelta.fakes.withings.FakeWithings;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.ingest.connect.oura.LoopbackWebhook;
import org.sleepdelta.ingest.connect.oura.OAuthBrowser;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.ingest.vendor.jsonapi.Fixtures;
import org.sleepdelta.platform.testing.MutableClock;
import org.sleepdelta.schemas.connections.OAuthTokens;

/** WithingsConnector against the Withings fake over real loopback HTTP. */
class WithingsConnectorTest {
    // RFC 7636 appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final URI REDIRECT = URI.create("http://127.0.0.1:9/v1/connections/callback");
    private static final String USER = "31415926";
    private static final AdapterContext CONTEXT =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/Paris"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
    private final FakeWithings withings = new FakeWithings(clock);
    private final WithingsConnector connector = new WithingsConnector(
            new VendorApp(
                    "withings",
                    FakeWithings.DEFAULT_CLIENT_ID,
                    FakeWithings.DEFAULT_CLIENT_SECRET,
                    withings.authorizeUrl(),
                    withings.tokenUrl(),
                    withings.apiUrl(),
                    120),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            clock);
    private final LoopbackWebhook webhook = new LoopbackWebhook("withings", connector.webhook());

    @AfterEach
    void close() {
        webhook.close();
        withings.close();
    }

    @Test
    void theAuthorizationCodeFlowGivesTokensAndTheUserIdFromTheTokenResponse() throws Exception {
        URI authorization = connector.authorizationUrl("signed-state", CHALLENGE, REDIRECT);
        assertThat(authorization.getRawQuery()).contains("scope=user.activity", "response_type=code");

        Map<String, String> callback = OAuthBrowser.consent(authorization, USER);
        assertThat(callback).containsEntry("state", "signed-state");
        VendorAccount account = connector.exchangeCode(callback.get("code"), VERIFIER, REDIRECT);

        assertThat(account.vendorUserId()).isEqualTo(USER);
        assertThat(account.tokens().accessExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(3)));
        assertThat(account.tokens().scope()).isEqualTo("user.activity");
        assertThat(withings.server().requests("/v2/oauth2")).hasSize(1);
    }

    @Test
    void aRefusedCodeIsAnInvalidGrantThoughWithingsAnswersHttp200() throws Exception {
        String code = OAuthBrowser.consent(connector.authorizationUrl("s", CHALLENGE, REDIRECT), USER)
                .get("code");

        VendorException refused = catchThrowableOfType(
                VendorException.class,
                () -> connector.exchangeCode(code, "the-wrong-verifier-of-43-characters-or-more-x", REDIRECT));

        assertThat(refused.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.getMessage()).isEqualTo("withings token exchange: status 503");
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenIsThenAnInvalidGrant() throws Exception {
        OAuthTokens first = connect().tokens();

        OAuthTokens second = connector.refresh(first);
        VendorException reuse = catchThrowableOfType(VendorException.class, () -> connector.refresh(first));

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(reuse.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(withings.oauth().refreshCount(USER)).isEqualTo(1);
        assertThat(withings.oauth().refreshTokenReuses()).containsExactly(USER);
        assertThat(connector.fetchSleep(second, USER, day(1), day(6), null).payload())
                .isNotEmpty();
    }

    @Test
    void anExpiredAccessTokenIsUnauthorized() throws Exception {
        OAuthTokens tokens = connect().tokens();
        withings.oauth().expireAccessTokens(USER);

        VendorException expired = fetchFailure(tokens);

        assertThat(expired.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(expired.getMessage())
                .isEqualTo("withings getsummary: status 401")
                .doesNotContain(tokens.accessToken());
    }

    @Test
    void paginationCollectsEverySummaryOnceAcrossPages() throws Exception {
        OAuthTokens tokens = connect().tokens();
        ObjectNode template = series("withings/getsummary.json").get(0);
        List<String> expected = new ArrayList<>();
        for (int night = 0; night < 30; night++) {
            ObjectNode item = template.deepCopy();
            item.put("id", 3000000000L + night);
            item.put("date", LocalDate.of(2026, 4, 1).plusDays(night).toString());
            item.put("startdate", 1775000000L + night * 86400L);
            item.put("enddate", 1775027900L + night * 86400L);
            withings.putSleep(USER, item);
            expected.add(Long.toString(3000000000L + night));
        }
        withings.pageSize(4);

        List<String> ids = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            SleepPage page = connector.fetchSleep(
                    tokens, USER, LocalDate.parse("2026-04-01"), LocalDate.parse("2026-04-30"), cursor);
            assertThat(page.adapterVendor()).isEqualTo("withings");
            JSON.readTree(page.payload())
                    .path("body")
                    .path("series")
                    .forEach(i -> ids.add(i.path("id").asText()));
            cursor = page.nextPageCursor();
            pages++;
        } while (cursor != null);

        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).isEqualTo(8);
        assertThat(withings.server().requests("/v2/sleep")).hasSize(8);
    }

    @Test
    void rateLimitingServerErrorsAndForbiddenAreClassified() throws Exception {
        OAuthTokens tokens = connect().tokens();
        withings.failures().rateLimit(1, Duration.ofSeconds(17)).fail(1, 502).fail(1, 403);

        VendorException limited = fetchFailure(tokens);
        VendorException server = fetchFailure(tokens);
        VendorException forbidden = fetchFailure(tokens);

        assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(limited.getMessage()).isEqualTo("withings getsummary: status 601");
        assertThat(server.kind()).isEqualTo(Kind.SERVER);
        assertThat(server.status()).isEqualTo(502);
        assertThat(forbidden.kind()).isEqualTo(Kind.FORBIDDEN);
    }

    @Test
    void consentWithdrawnMakesRefreshAnInvalidGrantAndTheAccessTokenUnauthorized() throws Exception {
        OAuthTokens tokens = connect().tokens();
        withings.withdrawConsent(USER);

        assertThat(fetchFailure(tokens).kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(catchThrowableOfType(VendorException.class, () -> connector.refresh(tokens))
                        .kind())
                .isEqualTo(Kind.INVALID_GRANT);
    }

    @Test
    void revokeSignsTheRequestWithANonceAndEndsTheUsersAccess() throws Exception {
        OAuthTokens tokens = connect().tokens();

        connector.revoke(tokens, USER);

        assertThat(withings.revokedUsers()).containsExactly(USER);
        assertThat(withings.server().requests("/v2/signature")).hasSize(1);
        assertThat(fetchFailure(tokens).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void theUserIsSubscribedToSleepAndProfileNotificationsAfterWithingsChecksTheCallbackOnce() throws Exception {
        OAuthTokens tokens = connect().tokens();

        Map<String, String> state = connector.ensureUserSubscription(tokens, USER, webhook.url(), Map.of());

        assertThat(withings.subscriptions())
                .containsExactlyInAnyOrder(
                        new FakeWithings.Subscription(USER, 44, webhook.url().toString()),
                        new FakeWithings.Subscription(USER, 46, webhook.url().toString()));
        assertThat(webhook.replies())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(state)
                .containsEntry("notify.44", webhook.url().toString())
                .containsEntry("notify.46", webhook.url().toString());

        assertThat(connector.ensureUserSubscription(tokens, USER, webhook.url(), state))
                .isEqualTo(state);
        assertThat(withings.server().requests("/notify")).hasSize(2);
    }

    @Test
    void aSleepNotificationAsksForAPullOfItsDatesAndAnUnlinkDeregisters() {
        WebhookSender.Answer sleep = withings.sendSleepNotification(
                webhook.url(), USER, Instant.parse("2026-03-01T22:15:00Z"), Instant.parse("2026-03-02T06:00:00Z"));

        assertThat(sleep.status()).isEqualTo(200);
        assertThat(webhook.lastReply().events()).singleElement().satisfies(e -> {
            assertThat(e.vendorUserId()).isEqualTo(USER);
            assertThat(e.kind()).isEqualTo(VendorWebhook.Event.Kind.CHANGED);
            assertThat(e.from()).isEqualTo(LocalDate.parse("2026-02-28"));
            assertThat(e.to()).isEqualTo(LocalDate.parse("2026-03-03"));
            assertThat(e.payload()).isNull(); // a notification carries no data: the pull reads Withings itself
        });

        assertThat(withings.sendProfileNotification(webhook.url(), USER, "unlink")
                        .status())
                .isEqualTo(200);
        assertThat(webhook.lastReply().events())
                .singleElement()
                .extracting(VendorWebhook.Event::kind)
                .isEqualTo(VendorWebhook.Event.Kind.DEREGISTERED);
    }

    @Test
    void aNotificationWithoutAWellFormedUserIsRefused() {
        assertThat(withings.sendForm(webhook.url(), "appli=44&startdate=1&enddate=2")
                        .status())
                .isEqualTo(400);
        assertThat(webhook.lastReply().refusal()).isEqualTo("missing_userid");
        assertThat(withings.sendForm(webhook.url(), "userid=1%27%20or%201%3D1&appli=44")
                        .status())
                .isEqualTo(400);
        assertThat(webhook.lastReply().events()).isEmpty();
    }

    @Test
    void pulledNightsAreTheRecordsAnUploadOfTheSamePayloadGivesRevisedAndDeletedIncluded() throws Exception {
        VendorAdapter adapter = VendorAdapters.forVendor(Vendor.WITHINGS).orElseThrow();
        OAuthTokens tokens = connect().tokens();
        List<ObjectNode> nights = series("withings/getsummary.json");
        nights.forEach(i -> withings.putSleep(USER, i));
        withings.pageSize(2);

        assertThat(pullAll(adapter, tokens).records)
                .containsExactlyElementsOf(Fixtures.run(adapter, "withings/getsummary.json", CONTEXT).records);

        // Withings revises the first night in place (same id, later modified) and the user deletes another
        List<SleepRecord> uploaded = Fixtures.run(adapter, "withings/getsummary.json", CONTEXT).records;
        SleepRecord revisedUpload = Fixtures.run(adapter, "withings/getsummary-revised.json", CONTEXT)
                .records
                .get(0);
        SleepRecord deleted = uploaded.get(uploaded.size() - 1);
        withings.putSleep(USER, series("withings/getsummary-revised.json").get(0));
        withings.deleteSleep(USER, deleted.getSourceRecordId().substring("withings:".length()));

        CollectingSink pulled = pullAll(adapter, tokens);

        List<SleepRecord> expected = new ArrayList<>();
        for (SleepRecord r : uploaded) {
            if (r.getSourceRecordId().equals(revisedUpload.getSourceRecordId())) {
                expected.add(revisedUpload);
            } else if (!r.equals(deleted)) {
                expected.add(r);
            }
        }
        assertThat(pulled.records).containsExactlyInAnyOrderElementsOf(expected);
        // Withings' answer simply stops listing a deleted night, and its adapter has no deletion to read: the
        // pulled pages say nothing about it (docs/connections/withings.md, "what could not be done")
        assertThat(pulled.records)
                .extracting(SleepRecord::getSourceRecordId)
                .doesNotContain(deleted.getSourceRecordId());
        // the fixture's invalid night is refused the same way when pulled (only its location differs by page)
        assertThat(pulled.problems)
                .extracting(p -> p.field() + ": " + p.reason())
                .containsExactlyElementsOf(Fixtures.run(adapter, "withings/getsummary.json", CONTEXT).problems.stream()
                        .map(p -> p.field() + ": " + p.reason())
                        .toList());
    }

    private CollectingSink pullAll(VendorAdapter adapter, OAuthTokens tokens) throws Exception {
        CollectingSink sink = new CollectingSink();
        String cursor = null;
        do {
            SleepPage page = connector.fetchSleep(tokens, USER, day(1), day(6), cursor);
            Fixtures.normalise(adapter, new ByteArrayInputStream(page.payload()), CONTEXT, sink);
            cursor = page.nextPageCursor();
        } while (cursor != null);
        return sink;
    }

    private VendorException fetchFailure(OAuthTokens tokens) {
        return catchThrowableOfType(
                VendorException.class, () -> connector.fetchSleep(tokens, USER, day(1), day(6), null));
    }

    private VendorAccount connect() throws Exception {
        String code = OAuthBrowser.consent(connector.authorizationUrl("s", CHALLENGE, REDIRECT), USER)
                .get("code");
        return connector.exchangeCode(code, VERIFIER, REDIRECT);
    }

    private static LocalDate day(int dayOfMarch) {
        return LocalDate.of(2026, 3, dayOfMarch);
    }

    private static List<ObjectNode> series(String fixture) throws Exception {
        List<ObjectNode> out = new ArrayList<>();
        try (InputStream in = Fixtures.open(fixture)) {
            JsonNode root = JSON.readTree(in);
            root.path("body").path("series").forEach(i -> out.add((ObjectNode) i));
        }
        return out;
    }
}
