package org.sleepdelta.ingest.connect.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * The {@code fitbit} connection through the Google Health API v4, which replaced the Fitbit Web API: Google OAuth 2.0
 * with PKCE for the sleep read scope, the user's {@code healthUserId} from {@code users/me/identity}, sleep data points
 * a page at a time (read by the {@code google-health} adapter), revocation at Google, and Google's webhook
 * notifications. docs/connections/fitbit.md says what each call relies on and what could not be verified.
 *
 * <p>Google does not rotate refresh tokens: a refresh answers without one, and the old one is kept. Should Google
 * send one, it replaces the old.
 */
public final class FitbitConnector implements VendorConnector {
    public static final String SLEEP_SCOPE = "https://www.googleapis.com/auth/googlehealth.sleep.readonly";
    static final String ADAPTER = "google-health";
    /** The documented maximum page size for sleep. */
    static final int PAGE_SIZE = 25;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VendorApp app;
    private final HttpClient http;
    private final Clock clock;
    private final VendorWebhook webhook;

    public FitbitConnector(VendorApp app, HttpClient http, Clock clock) {
        this(app, http, clock, null);
    }

    /**
     * @param webhookSigningKey Google's public key for {@code X-HEALTHAPI-SIGNATURE}, when known; null checks the
     *                          {@code Authorization} secret only
     */
    public FitbitConnector(VendorApp app, HttpClient http, Clock clock, PublicKey webhookSigningKey) {
        this.app = Objects.requireNonNull(app, "app");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.webhook = new GoogleHealthWebhook(app.clientSecret(), webhookSigningKey);
    }

    @Override
    public String vendor() {
        return "fitbit";
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", app.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("response_type", "code");
        query.put("scope", SLEEP_SCOPE);
        // offline: a refresh token; consent: a new one even when the user had consented before
        query.put("access_type", "offline");
        query.put("prompt", "consent");
        query.put("state", state);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        return URI.create(app.authorizeUrl() + (app.authorizeUrl().getRawQuery() == null ? "?" : "&") + form(query));
    }

    @Override
    public VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) throws VendorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("code_verifier", codeVerifier);
        form.put("redirect_uri", redirectUri.toString());
        OAuthTokens tokens = tokens("token exchange", form, null);
        if (tokens.scope() != null && !tokens.scope().contains(SLEEP_SCOPE)) {
            // Google lets the user untick scopes on the consent screen
            throw new VendorException(
                    VendorException.Kind.FORBIDDEN,
                    0,
                    "fitbit (Google Health API) token exchange: sleep scope not granted");
        }
        JsonNode identity = json("identity", get(apiUri("/v4/users/me/identity"), tokens, "identity"));
        String healthUserId = identity.path("healthUserId").asText("");
        if (healthUserId.isBlank()) {
            throw GoogleFailures.unreadable("identity", 200, "without healthUserId");
        }
        // Google gives sleep times with UTC offsets only, not the user's zone
        return new VendorAccount(healthUserId, tokens, null);
    }

    @Override
    public OAuthTokens refresh(OAuthTokens tokens) throws VendorException {
        if (tokens.refreshToken() == null) {
            throw new VendorException(
                    VendorException.Kind.INVALID_GRANT, 0, "fitbit (Google Health API) refresh: no refresh token");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        return tokens("refresh", form, tokens);
    }

    @Override
    public SleepPage fetchSleep(
            OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String pageCursor)
            throws VendorException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pageSize", Integer.toString(PAGE_SIZE));
        query.put("filter", SleepWindow.filter(from, to));
        if (pageCursor != null) {
            query.put("pageToken", pageCursor);
        }
        HttpResponse<byte[]> response =
                get(apiUri("/v4/users/me/dataTypes/sleep/dataPoints?" + form(query)), tokens, "sleep list");
        JsonNode page = json("sleep list", response);
        if (!page.isObject()) {
            throw GoogleFailures.unreadable("sleep list", response.statusCode(), "not a list response");
        }
        String next = page.path("nextPageToken").asText("");
        return new SleepPage(response.body(), ADAPTER, next.isEmpty() ? null : next);
    }

    @Override
    public void revoke(OAuthTokens tokens, String vendorUserId) throws VendorException {
        // revoking the refresh token ends the grant and every access token of it
        String token = tokens.refreshToken() != null ? tokens.refreshToken() : tokens.accessToken();
        HttpRequest request = HttpRequest.newBuilder(revokeUri())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token))))
                .build();
        HttpResponse<byte[]> response = send(request, "revoke");
        if (response.statusCode() == 400) {
            return; // invalid_token: already revoked or expired, which is what we wanted
        }
        if (response.statusCode() / 100 != 2) {
            throw GoogleFailures.of("revoke", response, clock);
        }
    }

    @Override
    public VendorWebhook webhook() {
        return webhook;
    }

    /** Google's revocation endpoint sits beside its token endpoint ({@code https://oauth2.googleapis.com/revoke}). */
    URI revokeUri() {
        return app.tokenUrl().resolve("/revoke");
    }

    private OAuthTokens tokens(String call, Map<String, String> grant, OAuthTokens previous) throws VendorException {
        Map<String, String> form = new LinkedHashMap<>(grant);
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        HttpRequest request = HttpRequest.newBuilder(app.tokenUrl())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build();
        HttpResponse<byte[]> response = send(request, call);
        if (response.statusCode() != 200) {
            throw GoogleFailures.of(call, response, clock);
        }
        JsonNode body = json(call, response);
        String access = body.path("access_token").asText("");
        if (access.isBlank()) {
            throw GoogleFailures.unreadable(call, 200, "without access_token");
        }
        String refresh = body.path("refresh_token").asText("");
        if (refresh.isBlank()) {
            refresh = previous == null ? null : previous.refreshToken();
        }
        JsonNode expiresIn = body.path("expires_in");
        String scope = body.path("scope").asText("");
        return new OAuthTokens(
                access,
                refresh,
                expiresIn.canConvertToLong() ? clock.instant().plusSeconds(expiresIn.asLong()) : null,
                scope.isBlank() ? (previous == null ? null : previous.scope()) : scope);
    }

    private HttpResponse<byte[]> get(URI uri, OAuthTokens tokens, String call) throws VendorException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request, call);
        if (response.statusCode() != 200) {
            throw GoogleFailures.of(call, response, clock);
        }
        return response;
    }

    private HttpResponse<byte[]> send(HttpRequest request, String call) throws VendorException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw GoogleFailures.network(call, e);
        } catch (InterruptedException e) {
            throw GoogleFailures.interrupted(call);
        }
    }

    private static JsonNode json(String call, HttpResponse<byte[]> response) throws VendorException {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw GoogleFailures.unreadable(call, response.statusCode(), "with an empty body");
            }
            return node;
        } catch (IOException e) {
            throw GoogleFailures.unreadable(call, response.statusCode(), "with a body that is not JSON");
        }
    }

    private URI apiUri(String pathAndQuery) {
        String base = app.apiUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
