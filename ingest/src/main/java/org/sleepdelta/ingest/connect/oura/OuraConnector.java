package org.sleepdelta.ingest.connect.oura;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * Oura API v2 (docs/connections/oura.md): OAuth 2.0 with the client credentials in the form, refresh tokens that work
 * once, the user's id from {@code personal_info}, sleep documents paged with {@code next_token}, revocation of the
 * access token, app-level webhook subscriptions that expire, and signed webhooks.
 */
public final class OuraConnector implements VendorConnector {
    /** {@code daily} covers the sleep documents, {@code personal} the user's id in {@code personal_info}. */
    static final String SCOPES = "daily personal";

    private final VendorApp app;
    private final Clock clock;
    private final OuraHttp http;
    private final OuraSubscriptionClient subscriptions;
    private final OuraWebhook webhook;

    public OuraConnector(VendorApp app, HttpClient http, Clock clock) {
        this.app = app;
        this.clock = clock;
        this.http = new OuraHttp(http, clock);
        this.subscriptions = new OuraSubscriptionClient(app, this.http, clock);
        this.webhook = new OuraWebhook(app.clientSecret(), clock);
    }

    @Override
    public String vendor() {
        return "oura";
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", SCOPES);
        query.put("state", state);
        // Oura does not document PKCE; RFC 6749 §3.1 has servers ignore parameters they do not know, and the signed
        // state protects the callback either way.
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        return withQuery(app.authorizeUrl(), query);
    }

    @Override
    public VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) throws VendorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", codeVerifier);
        OAuthTokens tokens = tokenCall(form, "token exchange", null);
        byte[] info = http.send(
                OuraHttp.request(app.apiUrl().resolve("/v2/usercollection/personal_info"))
                        .header("Authorization", "Bearer " + tokens.accessToken())
                        .GET()
                        .build(),
                "personal_info",
                false);
        String userId = OuraHttp.json(info, "personal_info").path("id").asText("");
        if (userId.isEmpty()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "oura personal_info: no id");
        }
        return new VendorAccount(userId, tokens, null);
    }

    @Override
    public OAuthTokens refresh(OAuthTokens tokens) throws VendorException {
        if (tokens.refreshToken() == null) {
            throw new VendorException(Kind.INVALID_GRANT, 0, "oura refresh: the connection has no refresh token");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        return tokenCall(form, "refresh", tokens.scope());
    }

    @Override
    public SleepPage fetchSleep(
            OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String pageCursor)
            throws VendorException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("start_date", from.toString());
        // One day past the last night: end_date's inclusiveness is not stated for the sleep collection, and asking
        // for an extra day only re-reads a night the adapter writes idempotently.
        query.put("end_date", to.plusDays(1).toString());
        if (pageCursor != null) {
            query.put("next_token", pageCursor);
        }
        byte[] body = http.send(
                OuraHttp.request(withQuery(app.apiUrl().resolve("/v2/usercollection/sleep"), query))
                        .header("Authorization", "Bearer " + tokens.accessToken())
                        .GET()
                        .build(),
                "sleep",
                false);
        JsonNode page = OuraHttp.json(body, "sleep");
        if (!page.path("data").isArray()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "oura sleep: the answer has no data array");
        }
        JsonNode next = page.path("next_token");
        String cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        return new SleepPage(body, "oura", cursor);
    }

    @Override
    public void revoke(OAuthTokens tokens, String vendorUserId) throws VendorException {
        URI revoke = withQuery(app.tokenUrl().resolve("revoke"), Map.of("access_token", tokens.accessToken()));
        http.send(
                OuraHttp.request(revoke)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                "revoke",
                true);
    }

    @Override
    public void ensureAppSubscriptions(URI callbackUrl) throws VendorException {
        subscriptions.ensure(callbackUrl, OuraWebhook.verificationToken(app.clientSecret()));
    }

    @Override
    public VendorWebhook webhook() {
        return webhook;
    }

    private OAuthTokens tokenCall(Map<String, String> grant, String call, String previousScope) throws VendorException {
        Map<String, String> form = new LinkedHashMap<>(grant);
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        byte[] body = http.send(
                OuraHttp.request(app.tokenUrl())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(OuraHttp.form(form))
                        .build(),
                call,
                true);
        return OuraTokens.read(OuraHttp.json(body, call), call, previousScope, clock);
    }

    static URI withQuery(URI base, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(base.toString());
        char separator = base.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> p : query.entrySet()) {
            uri.append(separator)
                    .append(OuraHttp.encode(p.getKey()))
                    .append('=')
                    .append(OuraHttp.encode(p.getValue()));
            separator = '&';
        }
        return URI.create(uri.toString());
    }
}
