package org.sleepdelta.ingest.connect.withings;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The Withings public API (docs/connections/withings.md): OAuth 2.0 through {@code action=requesttoken} (client
 * credentials in the form, the user's id in the token response, refresh tokens that rotate), sleep summaries from
 * {@code v2/sleep?action=getsummary} paged with {@code more}/{@code offset}, per-user notification subscriptions
 * ({@code appli} 44 sleep, 46 profile actions) and revocation through the signed {@code action=revoke}.
 */
public final class WithingsConnector implements VendorConnector {
    /** Sleep summaries are under {@code user.activity}. */
    static final String SCOPE = "user.activity";
    /** The summary fields the Withings adapter reads; Withings returns only the fields asked for. */
    static final String DATA_FIELDS = String.join(
            ",",
            List.of(
                    "total_sleep_time",
                    "asleepduration",
                    "total_timeinbed",
                    "sleep_latency",
                    "waso",
                    "wakeupcount",
                    "deepsleepduration",
                    "lightsleepduration",
                    "remsleepduration",
                    "hr_min"));

    static final int APPLI_SLEEP = 44;
    static final int APPLI_USER_PROFILE = 46;
    static final List<Integer> SUBSCRIBED_APPLIS = List.of(APPLI_SLEEP, APPLI_USER_PROFILE);

    private final VendorApp app;
    private final Clock clock;
    private final WithingsHttp http;
    private final WithingsSigner signer;
    private final WithingsWebhook webhook = new WithingsWebhook();

    public WithingsConnector(VendorApp app, HttpClient http, Clock clock) {
        this.app = app;
        this.clock = clock;
        this.http = new WithingsHttp(http, clock);
        this.signer = new WithingsSigner(app, this.http, clock);
    }

    @Override
    public String vendor() {
        return "withings";
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", SCOPE);
        query.put("state", state);
        // Withings does not document PKCE; RFC 6749 §3.1 has servers ignore parameters they do not know, and the
        // signed state protects the callback either way.
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        StringBuilder uri = new StringBuilder(app.authorizeUrl().toString());
        char separator = app.authorizeUrl().getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> p : query.entrySet()) {
            uri.append(separator)
                    .append(p.getKey())
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(uri.toString());
    }

    @Override
    public VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) throws VendorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "requesttoken");
        form.put("grant_type", "authorization_code");
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", codeVerifier);
        JsonNode body =
                http.post(app.tokenUrl(), form, null, "token exchange", true).body();
        String userId = body.path("userid").asText("");
        if (userId.isEmpty()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "withings token exchange: no userid");
        }
        return new VendorAccount(userId, tokens(body, "token exchange", null), null);
    }

    @Override
    public OAuthTokens refresh(OAuthTokens tokens) throws VendorException {
        if (tokens.refreshToken() == null) {
            throw new VendorException(Kind.INVALID_GRANT, 0, "withings refresh: the connection has no refresh token");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "requesttoken");
        form.put("grant_type", "refresh_token");
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        form.put("refresh_token", tokens.refreshToken());
        return tokens(http.post(app.tokenUrl(), form, null, "refresh", true).body(), "refresh", tokens.scope());
    }

    @Override
    public SleepPage fetchSleep(
            OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String pageCursor)
            throws VendorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "getsummary");
        form.put("startdateymd", from.toString());
        form.put("enddateymd", to.toString());
        form.put("data_fields", DATA_FIELDS);
        if (pageCursor != null) {
            form.put("offset", pageCursor);
        }
        WithingsHttp.Answer answer =
                http.post(app.apiUrl().resolve("/v2/sleep"), form, tokens.accessToken(), "getsummary", false);
        if (!answer.body().path("series").isArray()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "withings getsummary: the answer has no series");
        }
        JsonNode more = answer.body().path("more");
        boolean hasMore = more.isBoolean() ? more.asBoolean() : more.asInt(0) != 0;
        String cursor = hasMore && answer.body().path("offset").canConvertToInt()
                ? Integer.toString(answer.body().path("offset").asInt())
                : null;
        return new SleepPage(answer.raw(), "withings", cursor);
    }

    @Override
    public void revoke(OAuthTokens tokens, String vendorUserId) throws VendorException {
        String nonce = signer.nonce();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "revoke");
        form.put("client_id", app.clientId());
        form.put("nonce", nonce);
        form.put("signature", signer.sign("revoke", nonce));
        form.put("userid", vendorUserId);
        http.post(app.tokenUrl(), form, null, "revoke", false);
    }

    /**
     * Subscribes our callback to the user's sleep (44) and profile (46) notifications, unless {@code vendorState}
     * records that it already is ({@code notify.<appli>} = the callback). Withings checks the callback with a HEAD
     * request before answering, so our webhook route must be reachable.
     */
    @Override
    public Map<String, String> ensureUserSubscription(
            OAuthTokens tokens, String vendorUserId, URI callbackUrl, Map<String, String> vendorState)
            throws VendorException {
        Map<String, String> state = new LinkedHashMap<>(vendorState);
        for (int appli : SUBSCRIBED_APPLIS) {
            String key = "notify." + appli;
            if (callbackUrl.toString().equals(state.get(key))) {
                continue;
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("action", "subscribe");
            form.put("callbackurl", callbackUrl.toString());
            form.put("appli", Integer.toString(appli));
            form.put("comment", "sleepdelta");
            http.post(app.apiUrl().resolve("/notify"), form, tokens.accessToken(), "subscribe", false);
            state.put(key, callbackUrl.toString());
        }
        return state;
    }

    @Override
    public VendorWebhook webhook() {
        return webhook;
    }

    private OAuthTokens tokens(JsonNode body, String call, String previousScope) throws VendorException {
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "withings " + call + ": no access_token");
        }
        Instant expires = body.path("expires_in").canConvertToLong()
                ? clock.instant().plusSeconds(body.path("expires_in").asLong())
                : null;
        String scope = body.path("scope").isTextual() ? body.path("scope").asText() : previousScope;
        return new OAuthTokens(access, body.path("refresh_token").asText(null), expires, scope);
    }
}
