package org.sleepdelta.fakes.googlehealth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.sleepdelta.fakes.FailurePlan;
import org.sleepdelta.fakes.FakeExchange;
import org.sleepdelta.fakes.FakeHttpServer;
import org.sleepdelta.fakes.FakeOAuth;
import org.sleepdelta.fakes.WebhookSender;

/**
 * The Google Health API as the {@code fitbit} connection uses it, on one loopback port, built from Google's public
 * documentation (docs/connections/fitbit.md lists the pages):
 *
 * <ul>
 *   <li>{@code GET /o/oauth2/v2/auth}: Google's consent screen (PKCE S256 required; honours {@code fake_user});
 *   <li>{@code POST /token}: authorization-code and refresh-token grants, client credentials in the form or Basic.
 *       Google does not rotate refresh tokens: a refresh answers without {@code refresh_token} and the old one keeps
 *       working. {@link #rotateRefreshTokens} scripts rotation (a new one each time, {@code invalid_grant} on reuse);
 *   <li>{@code POST /revoke}: revokes the token (and the grant with it);
 *   <li>{@code GET /v4/users/me/identity}: {@code healthUserId} (the fake's user id) and {@code legacyUserId};
 *   <li>{@code GET /v4/users/me/dataTypes/sleep/dataPoints}: {@code pageSize} (max 25 for sleep, {@link #pageSize}
 *       lowers it), {@code pageToken}/{@code nextPageToken}, and the documented {@code filter} on
 *       {@code sleep.interval.start_time} or {@code civil_start_time}; consults {@link #failures()} first;
 *   <li>{@code POST /v4/projects/{project}/subscribers}: creates a webhook subscriber after the documented endpoint
 *       verification (two POSTs of {@code {"type":"verification"}}, with the {@code Authorization} secret expecting
 *       201, without it expecting 401 or 403).
 * </ul>
 *
 * Notifications are sent with {@link #notifySleep} ({@code Authorization} = the subscriber's secret, and an ECDSA
 * P-256 {@code X-HEALTHAPI-SIGNATURE} by {@link #webhookPublicKey()}'s key) or forged with {@link #notifyForged}.
 */
public final class FakeGoogleHealth implements AutoCloseable {
    /** The scope the connector asks for. */
    public static final String SLEEP_SCOPE = "https://www.googleapis.com/auth/googlehealth.sleep.readonly";

    /** How a forged notification differs from a genuine one. */
    public enum Forgery {
        NO_AUTHORIZATION,
        WRONG_AUTHORIZATION,
        BAD_SIGNATURE,
        NO_SIGNATURE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SLEEP_PAGE = 25;

    private final Clock clock;
    private final FakeOAuth oauth;
    private final FakeHttpServer server;
    private final FailurePlan failures = new FailurePlan();
    private final SleepStore sleep = new SleepStore();
    private final WebhookSigner signer = new WebhookSigner();
    private final WebhookSender sender = new WebhookSender();
    /** Webhook subscribers that passed verification: endpoint to secret. */
    private final Map<URI, String> subscribers = new ConcurrentHashMap<>();
    /** Without rotation: the refresh token the client holds, to the one the authorization server has now. */
    private final Map<String, String> stableRefreshTokens = new ConcurrentHashMap<>();

    private final Map<String, String> legacyUserIds = new ConcurrentHashMap<>();
    private final List<String> revokedTokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean rotateRefreshTokens;
    private volatile int pageSize = MAX_SLEEP_PAGE;

    public FakeGoogleHealth(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.oauth = new FakeOAuth(clock, clientId, clientSecret).scope(SLEEP_SCOPE);
        this.server = new FakeHttpServer(clock)
                .route("/o/oauth2/v2/auth", this::authorize)
                .route("/token", this::token)
                .route("/revoke", this::revoke)
                .route("/v4/users/", this::users)
                .route("/v4/projects/", this::createSubscriber)
                .start();
    }

    public URI authorizeUrl() {
        return server.uri("/o/oauth2/v2/auth");
    }

    public URI tokenUrl() {
        return server.uri("/token");
    }

    /** Google's revocation endpoint sits beside its token endpoint. */
    public URI revokeUrl() {
        return server.uri("/revoke");
    }

    public URI apiUrl() {
        return server.baseUri();
    }

    public FakeOAuth oauth() {
        return oauth;
    }

    public FakeHttpServer server() {
        return server;
    }

    /** Consulted by the data routes (identity and sleep list) before they answer. */
    public FailurePlan failures() {
        return failures;
    }

    public FakeGoogleHealth accessTokenTtl(Duration ttl) {
        oauth.accessTokenTtl(ttl);
        return this;
    }

    /** Refreshes issue a new refresh token and the old one fails with {@code invalid_grant} (Google's default: not). */
    public FakeGoogleHealth rotateRefreshTokens(boolean rotate) {
        rotateRefreshTokens = rotate;
        return this;
    }

    /** Lowers the page size below the documented maximum of 25 for sleep, so that tests page. */
    public FakeGoogleHealth pageSize(int size) {
        pageSize = Math.max(1, Math.min(size, MAX_SLEEP_PAGE));
        return this;
    }

    public FakeGoogleHealth legacyUserId(String healthUserId, String legacyUserId) {
        legacyUserIds.put(healthUserId, legacyUserId);
        return this;
    }

    /** Adds a sleep data point (Google's JSON), or replaces the one with the same id: a re-scored sleep. */
    public FakeGoogleHealth putSleep(String healthUserId, ObjectNode dataPoint) {
        sleep.put(healthUserId, dataPoint);
        return this;
    }

    /** Deletes a sleep data point; the list no longer shows it. */
    public boolean deleteSleep(String healthUserId, String dataPointId) {
        return sleep.delete(healthUserId, dataPointId);
    }

    public int sleepCount(String healthUserId) {
        return sleep.count(healthUserId);
    }

    /** The user withdraws consent in their Google Account: every token stops working. */
    public void withdrawConsent(String healthUserId) {
        oauth.withdrawConsent(healthUserId);
    }

    /** Tokens our revocation endpoint received, in order (for tests: revocation reached the vendor). */
    public List<String> revokedTokens() {
        return new ArrayList<>(revokedTokens);
    }

    public PublicKey webhookPublicKey() {
        return signer.publicKey();
    }

    /**
     * What {@code projects.subscribers.create} does before it registers {@code endpoint}: the two verification POSTs.
     * Registers it only when both answered as documented.
     *
     * @return the answers, with the Authorization header first
     */
    public List<WebhookSender.Answer> createSubscriber(URI endpoint, String secret) {
        byte[] body = "{\"type\":\"verification\"}".getBytes(StandardCharsets.UTF_8);
        WebhookSender.Answer authorized = sender.send(
                "POST", endpoint, Map.of("Content-Type", "application/json", "Authorization", secret), body);
        WebhookSender.Answer anonymous =
                sender.send("POST", endpoint, Map.of("Content-Type", "application/json"), body);
        if (authorized.status() == 201 && (anonymous.status() == 401 || anonymous.status() == 403)) {
            subscribers.put(endpoint, secret);
        }
        return List.of(authorized, anonymous);
    }

    public boolean subscribed(URI endpoint) {
        return subscribers.containsKey(endpoint);
    }

    /**
     * A genuine notification that the user's sleep changed, to a registered subscriber.
     *
     * @param operation {@code UPSERT} or {@code DELETE}
     */
    public WebhookSender.Answer notifySleep(
            URI endpoint, String healthUserId, String operation, LocalDateTime civilStart, LocalDateTime civilEnd) {
        String secret = Optional.ofNullable(subscribers.get(endpoint))
                .orElseThrow(() -> new IllegalStateException("no subscriber at " + endpoint));
        byte[] body = notification(healthUserId, "sleep", operation, civilStart, civilEnd);
        return sender.send("POST", endpoint, headers(secret, signer.sign(body)), body);
    }

    /** A notification someone else made up, as {@code forgery} says. */
    public WebhookSender.Answer notifyForged(
            URI endpoint, String healthUserId, LocalDateTime civilStart, LocalDateTime civilEnd, Forgery forgery) {
        String secret = subscribers.getOrDefault(endpoint, "Bearer unknown");
        byte[] body = notification(healthUserId, "sleep", "UPSERT", civilStart, civilEnd);
        Map<String, String> headers = new LinkedHashMap<>(headers(secret, signer.sign(body)));
        switch (forgery) {
            case NO_AUTHORIZATION -> headers.remove("Authorization");
            case WRONG_AUTHORIZATION -> headers.put("Authorization", secret + "x");
            case BAD_SIGNATURE -> headers.put("X-HEALTHAPI-SIGNATURE", signer.forge(body));
            case NO_SIGNATURE -> headers.remove("X-HEALTHAPI-SIGNATURE");
        }
        return sender.send("POST", endpoint, headers, body);
    }

    /** The notification body the documentation describes. */
    public static byte[] notification(
            String healthUserId, String dataType, String operation, LocalDateTime civilStart, LocalDateTime civilEnd) {
        Map<String, Object> interval = new LinkedHashMap<>();
        interval.put("startTime", civilStart.toString());
        interval.put("endTime", civilEnd.toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("healthUserId", healthUserId);
        data.put("dataType", dataType);
        data.put("operation", operation);
        data.put("civilIso8601TimeInterval", interval);
        try {
            return JSON.writeValueAsBytes(Map.of("data", data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String authorization, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", authorization);
        headers.put("X-HEALTHAPI-SIGNATURE", signature);
        return headers;
    }

    private void authorize(FakeExchange exchange) throws Exception {
        if (!"code".equals(exchange.query("response_type"))) {
            exchange.json(400, GoogleErrors.oauth("unsupported_response_type", "response_type must be code"));
            return;
        }
        if (exchange.query("scope") == null || !exchange.query("scope").contains(SLEEP_SCOPE)) {
            exchange.json(400, GoogleErrors.oauth("invalid_scope", "the sleep scope is not requested"));
            return;
        }
        try {
            exchange.redirect(oauth.authorize(exchange.queryParameters()));
        } catch (FakeOAuth.OAuthError e) {
            // Google shows an error page instead of redirecting to an unverified client
            exchange.json(e.status(), GoogleErrors.oauth(e.error(), e.getMessage()));
        }
    }

    private void token(FakeExchange exchange) throws Exception {
        String[] client = exchange.clientCredentials();
        try {
            String grantType = exchange.form("grant_type");
            if ("authorization_code".equals(grantType)) {
                FakeOAuth.Grant grant = oauth.exchangeCode(
                        client[0],
                        client[1],
                        exchange.form("code"),
                        exchange.form("redirect_uri"),
                        exchange.form("code_verifier"));
                stableRefreshTokens.put(grant.refreshToken(), grant.refreshToken());
                exchange.json(200, tokenResponse(grant, grant.refreshToken()));
            } else if ("refresh_token".equals(grantType)) {
                refresh(exchange, client);
            } else {
                exchange.json(400, GoogleErrors.oauth("unsupported_grant_type", "Invalid grant_type"));
            }
        } catch (FakeOAuth.OAuthError e) {
            exchange.json(e.status(), GoogleErrors.oauth(e.error(), e.getMessage()));
        }
    }

    private void refresh(FakeExchange exchange, String[] client) throws Exception {
        String presented = exchange.form("refresh_token");
        // the token the authorization server holds now for the one the client presents (they differ without rotation)
        String current = presented == null ? null : stableRefreshTokens.getOrDefault(presented, presented);
        FakeOAuth.Grant grant = oauth.refresh(client[0], client[1], current);
        if (rotateRefreshTokens) {
            stableRefreshTokens.remove(presented);
            stableRefreshTokens.put(grant.refreshToken(), grant.refreshToken());
            exchange.json(200, tokenResponse(grant, grant.refreshToken()));
        } else {
            // Google keeps the refresh token: the client presents the same one every time
            stableRefreshTokens.put(presented, grant.refreshToken());
            exchange.json(200, tokenResponse(grant, null));
        }
    }

    private static Map<String, Object> tokenResponse(FakeOAuth.Grant grant, String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", grant.accessToken());
        body.put("expires_in", grant.expiresInSeconds());
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("scope", grant.scope());
        body.put("token_type", "Bearer");
        return body;
    }

    private void revoke(FakeExchange exchange) throws Exception {
        String token = exchange.parameter("token");
        if (token == null) {
            exchange.json(400, GoogleErrors.oauth("invalid_request", "token is required"));
            return;
        }
        revokedTokens.add(token);
        String inner = stableRefreshTokens.getOrDefault(token, token);
        boolean known = oauth.userOf(token).isPresent() || stableRefreshTokens.containsKey(token);
        oauth.revokeToken(inner);
        if (known) {
            exchange.empty(200);
        } else {
            exchange.json(400, GoogleErrors.oauth("invalid_token", "Token expired or revoked"));
        }
    }

    private void users(FakeExchange exchange) throws Exception {
        Optional<String> user = oauth.userOf(exchange.bearerToken());
        if (user.isEmpty()) {
            apiError(exchange, 401, "Request had invalid authentication credentials.");
            return;
        }
        Optional<FailurePlan.Failure> failure = failures.take();
        if (failure.isPresent()) {
            int status = failure.get().status();
            if (status == 429 && failure.get().retryAfter() != null) {
                exchange.json(
                        429,
                        GoogleErrors.api(429, "RESOURCE_EXHAUSTED", "Quota exceeded"),
                        Map.of(
                                "Retry-After",
                                Long.toString(failure.get().retryAfter().toSeconds())));
            } else {
                apiError(exchange, status, "scripted failure");
            }
            return;
        }
        String path = exchange.path();
        if (!exchange.method().equals("GET")) {
            apiError(exchange, 405, "method not allowed");
        } else if (path.equals("/v4/users/me/identity")) {
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("name", "users/me/identity");
            String legacy = legacyUserIds.get(user.get());
            if (legacy != null) {
                identity.put("legacyUserId", legacy);
            }
            identity.put("healthUserId", user.get());
            exchange.json(200, identity);
        } else if (path.equals("/v4/users/me/dataTypes/sleep/dataPoints")) {
            listSleep(exchange, user.get());
        } else {
            apiError(exchange, 404, "not found");
        }
    }

    private void listSleep(FakeExchange exchange, String userId) throws Exception {
        Predicate<ObjectNode> filter;
        SleepStore.Position after;
        int size;
        try {
            filter = SleepFilter.parse(exchange.query("filter"));
            after = pageToken(exchange.query("pageToken"));
            size = exchange.query("pageSize") == null ? MAX_SLEEP_PAGE : Integer.parseInt(exchange.query("pageSize"));
        } catch (SleepFilter.Invalid | IllegalArgumentException e) {
            apiError(exchange, 400, e.getMessage());
            return;
        }
        SleepStore.Page page = sleep.page(userId, filter, after, Math.max(1, Math.min(size, pageSize)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataPoints", page.points());
        if (page.next() != null) {
            body.put("nextPageToken", pageToken(page.next()));
        }
        exchange.json(200, body);
    }

    private static String pageToken(SleepStore.Position position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((position.startTime() + "|" + position.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static SleepStore.Position pageToken(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid page token");
        }
        int bar = decoded.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("Invalid page token");
        }
        return new SleepStore.Position(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1));
    }

    private void createSubscriber(FakeExchange exchange) throws Exception {
        if (!exchange.method().equals("POST") || !exchange.path().endsWith("/subscribers")) {
            apiError(exchange, 404, "not found");
            return;
        }
        var request = exchange.jsonBody();
        URI endpoint = URI.create(request.path("endpointUri").asText());
        String secret = request.path("endpointAuthorization").path("secret").asText();
        createSubscriber(endpoint, secret);
        if (!subscribed(endpoint)) {
            apiError(exchange, 400, "FailedPrecondition: endpoint verification failed");
            return;
        }
        exchange.json(
                200, Map.of("name", exchange.path().substring(4) + "/" + clock.millis(), "endpointUri", endpoint));
    }

    private static void apiError(FakeExchange exchange, int status, String message) throws java.io.IOException {
        exchange.json(status, GoogleErrors.api(status, GoogleErrors.statusName(status), message));
    }

    @Override
    public void close() {
        server.close();
    }
}
