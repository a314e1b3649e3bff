package org.sleepdelta.fakes.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sleepdelta.fakes.FailurePlan;
import org.sleepdelta.fakes.FakeExchange;
import org.sleepdelta.fakes.FakeHttpServer;
import org.sleepdelta.fakes.FakeOAuth;
import org.sleepdelta.fakes.WebhookSender;

/**
 * The Garmin Connect Developer Program's Health API on loopback, as its OAuth 2.0 PKCE specification and Health API
 * documentation describe it (docs/connections/garmin.md lists the sources and what could not be verified):
 *
 * <ul>
 *   <li>{@code GET /oauth2Confirm}: the consent screen, 302 back with {@code code} and {@code state};
 *   <li>{@code POST /di-oauth2-service/oauth/token}: {@code authorization_code} (with {@code code_verifier}) and
 *       {@code refresh_token} grants, client credentials in the form; refresh tokens rotate;
 *   <li>{@code GET /wellness-api/rest/user/id}, {@code GET /wellness-api/rest/user/permissions},
 *       {@code DELETE /wellness-api/rest/user/registration} (deregistration by the partner);
 *   <li>{@code GET /wellness-api/rest/sleeps?uploadStartTimeInSeconds&uploadEndTimeInSeconds}: the summaries
 *       Garmin received in that upload window (at most 24 h), a JSON array; Garmin does not page within a window;
 *   <li>{@code GET /wellness-api/rest/backfill/sleeps?summaryStartTimeInSeconds&summaryEndTimeInSeconds}: 202, then the
 *       summaries of that period are pushed asynchronously; 409 for a period already requested;
 *   <li>pushes to our webhook: {@code {"sleeps": [...]}} (several users in one body), {@code {"deregistrations":
 *       [...]}}, {@code {"userPermissionsChange": [...]}}, and pings ({@code callbackURL} instead of the summary), each
 *       with the {@code garmin-client-id} header, Garmin's only means of telling its calls from others'.
 * </ul>
 *
 * <p>Each summary remembers when "the device uploaded it" (the fake's clock when it was added or replaced), which is
 * what the pull endpoint selects by.
 */
public final class FakeGarmin implements AutoCloseable {
    public static final String AUTHORIZE_PATH = "/oauth2Confirm";
    public static final String TOKEN_PATH = "/di-oauth2-service/oauth/token";
    public static final String USER_ID_PATH = "/wellness-api/rest/user/id";
    public static final String PERMISSIONS_PATH = "/wellness-api/rest/user/permissions";
    public static final String REGISTRATION_PATH = "/wellness-api/rest/user/registration";
    public static final String SLEEPS_PATH = "/wellness-api/rest/sleeps";
    public static final String BACKFILL_SLEEPS_PATH = "/wellness-api/rest/backfill/sleeps";
    /** Garmin's cap on one pull's upload window. */
    public static final long MAX_PULL_WINDOW_SECONDS = 86_400;
    /** The cap on one backfill request's summary period (30 days per the open-source integrations we read). */
    public static final Duration MAX_BACKFILL_PERIOD = Duration.ofDays(30);
    /** Garmin's refresh tokens live about three months ({@code refresh_token_expires_in}). */
    static final long REFRESH_TOKEN_EXPIRES_IN = 7_775_999;

    /** A summary as stored: whose, when uploaded, the JSON (without {@code userId}, added when served). */
    private record Stored(String userId, String summaryId, Instant uploadedAt, ObjectNode summary) {}

    /** A backfill request as Garmin received it. */
    public record BackfillRequest(String userId, long summaryStartTimeInSeconds, long summaryEndTimeInSeconds) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final FakeOAuth oauth;
    private final FakeHttpServer server;
    private final FailurePlan failures = new FailurePlan();
    private final WebhookSender sender = new WebhookSender();
    private final Map<String, Stored> summaries = new LinkedHashMap<>();
    private final List<BackfillRequest> backfills = new CopyOnWriteArrayList<>();
    private final List<String> deregisteredByPartner = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> permissions = new LinkedHashMap<>();
    private volatile URI pushUrl;

    public FakeGarmin(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.oauth = new FakeOAuth(clock, clientId, clientSecret).accessTokenTtl(Duration.ofSeconds(86_400));
        this.server = new FakeHttpServer(clock)
                .route(AUTHORIZE_PATH, this::authorize)
                .route(TOKEN_PATH, this::token)
                .route(USER_ID_PATH, this::userId)
                .route(PERMISSIONS_PATH, this::permissions)
                .route(REGISTRATION_PATH, this::deregister)
                .route(SLEEPS_PATH, this::sleeps)
                .route(BACKFILL_SLEEPS_PATH, this::backfill)
                .start();
    }

    public URI authorizeUrl() {
        return server.uri(AUTHORIZE_PATH);
    }

    public URI tokenUrl() {
        return server.uri(TOKEN_PATH);
    }

    /** The base of the Health API ({@code https://apis.garmin.com} at Garmin). */
    public URI apiUrl() {
        return server.baseUri();
    }

    public FakeOAuth oauth() {
        return oauth;
    }

    public FakeHttpServer server() {
        return server;
    }

    /** The failures the data routes (user id, sleeps, backfill) answer next. */
    public FailurePlan failures() {
        return failures;
    }

    /** How long new access tokens live (Garmin: 24 h). */
    public FakeGarmin accessTokenTtl(Duration ttl) {
        oauth.accessTokenTtl(ttl);
        return this;
    }

    /** The user withdraws consent in Garmin Connect: every token stops working. */
    public void withdrawConsent(String userId) {
        oauth.withdrawConsent(userId);
    }

    /** Where backfilled summaries are pushed (our webhook); none by default. */
    public FakeGarmin pushBackfillsTo(URI webhookUrl) {
        pushUrl = webhookUrl;
        return this;
    }

    // ---- scripting the user's data ----

    /**
     * The device uploads a summary (now, by the fake's clock). One with the {@code summaryId} of an earlier one
     * replaces it, as Garmin re-scores a night ({@code AUTO_TENTATIVE} then {@code AUTO_FINAL}) under the same id.
     */
    public synchronized ObjectNode upload(String userId, ObjectNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove("userId");
        String summaryId = copy.path("summaryId").asText();
        if (summaryId.isEmpty()) {
            throw new IllegalArgumentException("a sleep summary needs a summaryId");
        }
        summaries.remove(key(userId, summaryId));
        summaries.put(key(userId, summaryId), new Stored(userId, summaryId, clock.instant(), copy));
        return served(summaries.get(key(userId, summaryId)));
    }

    /** The night is gone at Garmin (the user deleted it): pulls no longer return it; Garmin sends no notice. */
    public synchronized void delete(String userId, String summaryId) {
        summaries.remove(key(userId, summaryId));
    }

    /** The user's summaries as Garmin would serve them now, in upload order. */
    public synchronized List<ObjectNode> summariesOf(String userId) {
        return summaries.values().stream()
                .filter(s -> s.userId().equals(userId))
                .map(FakeGarmin::served)
                .toList();
    }

    /** The permissions the user granted (Garmin's default: all the app asked for). */
    public synchronized FakeGarmin permissions(String userId, List<String> granted) {
        permissions.put(userId, List.copyOf(granted));
        return this;
    }

    public List<BackfillRequest> backfillRequests() {
        return new ArrayList<>(backfills);
    }

    /** Users we deregistered through {@code DELETE /user/registration}. */
    public List<String> deregisteredByPartner() {
        return new ArrayList<>(deregisteredByPartner);
    }

    /**
     * A Garmin sleep summary in the Health API's shape (see the adapter's fixtures), without stages, for tests that
     * need many nights: {@code durationInSeconds} = deep + light + REM + awake.
     */
    public static ObjectNode sleepSummary(
            String summaryId, String calendarDate, long startTimeInSeconds, int deepSeconds, String validation) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("summaryId", summaryId);
        summary.put("calendarDate", calendarDate);
        summary.put("startTimeInSeconds", startTimeInSeconds);
        summary.put("startTimeOffsetInSeconds", 3600);
        summary.put("durationInSeconds", deepSeconds + 14_400 + 5_400 + 1_800);
        summary.put("unmeasurableSleepDurationInSeconds", 0);
        summary.put("deepSleepDurationInSeconds", deepSeconds);
        summary.put("lightSleepDurationInSeconds", 14_400);
        summary.put("remSleepInSeconds", 5_400);
        summary.put("awakeDurationInSeconds", 1_800);
        summary.put("validation", validation);
        return summary;
    }

    // ---- calling our webhook, as Garmin's servers do ----

    /** Pushes summaries (each with its {@code userId}) in one body, correctly identified. */
    public WebhookSender.Answer push(URI webhookUrl, List<ObjectNode> sleeps) {
        return post(webhookUrl, body("sleeps", sleeps), oauth.clientId());
    }

    /** Pushes the user's current summaries. */
    public WebhookSender.Answer pushAll(URI webhookUrl, String userId) {
        return push(webhookUrl, summariesOf(userId));
    }

    /** A push forged by someone else: another consumer key in {@code garmin-client-id} (null: none at all). */
    public WebhookSender.Answer pushForged(URI webhookUrl, List<ObjectNode> sleeps, String claimedClientId) {
        return post(webhookUrl, body("sleeps", sleeps), claimedClientId);
    }

    /** The user deregistered in Garmin Connect (or we did): {@code {"deregistrations": [{userId}]}}. */
    public WebhookSender.Answer sendDeregistration(URI webhookUrl, String userId) {
        ObjectNode entry = JSON.createObjectNode().put("userId", userId);
        return post(webhookUrl, body("deregistrations", List.of(entry)), oauth.clientId());
    }

    /** The user changed what they share: {@code {"userPermissionsChange": [{userId, permissions, ...}]}}. */
    public WebhookSender.Answer sendPermissionsChange(URI webhookUrl, String userId, List<String> granted) {
        permissions(userId, granted);
        ObjectNode entry = JSON.createObjectNode().put("userId", userId);
        entry.put("summaryId", "x" + Long.toHexString(clock.millis()));
        entry.put("changeTimeInSeconds", clock.instant().getEpochSecond());
        ArrayNode list = entry.putArray("permissions");
        granted.forEach(list::add);
        return post(webhookUrl, body("userPermissionsChange", List.of(entry)), oauth.clientId());
    }

    /**
     * A ping (Ping/Pull integrations): {@code {"sleeps": [{userId, callbackURL}]}}, where the callback URL is a pull of
     * the upload window.
     */
    public WebhookSender.Answer sendPing(URI webhookUrl, String userId, long uploadStart, long uploadEnd) {
        ObjectNode entry = JSON.createObjectNode().put("userId", userId);
        entry.put(
                "callbackURL",
                server.uri(SLEEPS_PATH) + "?uploadStartTimeInSeconds=" + uploadStart + "&uploadEndTimeInSeconds="
                        + uploadEnd);
        return post(webhookUrl, body("sleeps", List.of(entry)), oauth.clientId());
    }

    /** Sends any body, with {@code garmin-client-id} set to {@code clientId} (none when null). */
    public WebhookSender.Answer post(URI webhookUrl, byte[] body, String clientId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (clientId != null) {
            headers.put("garmin-client-id", clientId);
        }
        return sender.send("POST", webhookUrl, headers, body);
    }

    private static byte[] body(String field, List<ObjectNode> items) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray(field);
        items.forEach(array::add);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- routes ----

    private void authorize(FakeExchange exchange) throws IOException {
        try {
            exchange.redirect(oauth.authorize(exchange.queryParameters()));
        } catch (FakeOAuth.OAuthError e) {
            exchange.json(e.status(), Map.of("error", e.error(), "error_description", e.getMessage()));
        }
    }

    /** Garmin's token endpoint takes the client credentials in the form body. */
    private void token(FakeExchange exchange) throws IOException {
        if (!"POST".equals(exchange.method())) {
            exchange.json(405, Map.of("error", "invalid_request"));
            return;
        }
        String[] client = exchange.clientCredentials();
        try {
            FakeOAuth.Grant grant = switch (String.valueOf(exchange.form("grant_type"))) {
                case "authorization_code" ->
                    oauth.exchangeCode(
                            client[0],
                            client[1],
                            exchange.form("code"),
                            exchange.form("redirect_uri"),
                            exchange.form("code_verifier"));
                case "refresh_token" -> oauth.refresh(client[0], client[1], exchange.form("refresh_token"));
                default -> throw new FakeOAuth.OAuthError(400, "unsupported_grant_type", "grant_type is not supported");
            };
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", grant.accessToken());
            body.put("token_type", "bearer");
            body.put("refresh_token", grant.refreshToken());
            body.put("expires_in", grant.expiresInSeconds());
            body.put("scope", grant.scope().isEmpty() ? "PARTNER_WRITE PARTNER_READ CONNECT_READ" : grant.scope());
            body.put("jti", "jti-" + Long.toHexString(clock.millis()));
            body.put("refresh_token_expires_in", REFRESH_TOKEN_EXPIRES_IN);
            exchange.json(200, body);
        } catch (FakeOAuth.OAuthError e) {
            exchange.json(e.status(), Map.of("error", e.error(), "error_description", e.getMessage()));
        }
    }

    private void userId(FakeExchange exchange) throws IOException {
        Optional<String> user = authorised(exchange);
        if (user.isPresent()) {
            exchange.json(200, Map.of("userId", user.get()));
        }
    }

    private void permissions(FakeExchange exchange) throws IOException {
        Optional<String> user = authorised(exchange);
        if (user.isPresent()) {
            List<String> granted;
            synchronized (this) {
                granted = permissions.getOrDefault(
                        user.get(), List.of("ACTIVITY_EXPORT", "HEALTH_EXPORT", "WORKOUT_IMPORT"));
            }
            exchange.json(200, Map.of("permissions", granted));
        }
    }

    private void deregister(FakeExchange exchange) throws IOException {
        if (!"DELETE".equals(exchange.method())) {
            exchange.json(405, Map.of("errorMessage", "method not allowed"));
            return;
        }
        Optional<String> user = authorised(exchange);
        if (user.isPresent()) {
            deregisteredByPartner.add(user.get());
            oauth.withdrawConsent(user.get());
            exchange.empty(204);
        }
    }

    private void sleeps(FakeExchange exchange) throws IOException {
        Optional<String> user = authorised(exchange);
        if (user.isEmpty()) {
            return;
        }
        Long start = seconds(exchange, "uploadStartTimeInSeconds");
        Long end = seconds(exchange, "uploadEndTimeInSeconds");
        if (start == null || end == null) {
            return;
        }
        if (end <= start || end - start > MAX_PULL_WINDOW_SECONDS) {
            exchange.json(400, Map.of("errorMessage", "timeRange must be between 1 and 86400 seconds"));
            return;
        }
        List<ObjectNode> page;
        synchronized (this) {
            page = summaries.values().stream()
                    .filter(s -> s.userId().equals(user.get()))
                    .filter(s -> s.uploadedAt().getEpochSecond() >= start
                            && s.uploadedAt().getEpochSecond() < end)
                    .sorted(Comparator.comparing(Stored::uploadedAt))
                    .map(FakeGarmin::served)
                    .toList();
        }
        exchange.json(200, page);
    }

    private void backfill(FakeExchange exchange) throws IOException {
        Optional<String> user = authorised(exchange);
        if (user.isEmpty()) {
            return;
        }
        Long start = seconds(exchange, "summaryStartTimeInSeconds");
        Long end = seconds(exchange, "summaryEndTimeInSeconds");
        if (start == null || end == null) {
            return;
        }
        if (end <= start || end - start > MAX_BACKFILL_PERIOD.toSeconds()) {
            exchange.json(400, Map.of("errorMessage", "the backfill period must be between 1 second and 30 days"));
            return;
        }
        BackfillRequest request = new BackfillRequest(user.get(), start, end);
        if (backfills.contains(request)) {
            exchange.json(409, Map.of("errorMessage", "duplicate backfill request"));
            return;
        }
        backfills.add(request);
        exchange.empty(202);
        URI target = pushUrl;
        if (target != null) {
            List<ObjectNode> period = summariesOf(user.get()).stream()
                    .filter(s -> s.path("startTimeInSeconds").asLong() >= start
                            && s.path("startTimeInSeconds").asLong() < end)
                    .toList();
            if (!period.isEmpty()) {
                push(target, period);
            }
        }
    }

    /** The bearer's user, after any scripted failure; answers 401 (Garmin's shape) and returns empty otherwise. */
    private Optional<String> authorised(FakeExchange exchange) throws IOException {
        Optional<FailurePlan.Failure> failure = failures.take();
        if (failure.isPresent()) {
            if (failure.get().status() == 429) {
                exchange.tooManyRequests(failure.get().retryAfter(), Map.of("errorMessage", "Rate limit exceeded"));
            } else {
                exchange.json(failure.get().status(), Map.of("errorMessage", "scripted failure"));
            }
            return Optional.empty();
        }
        Optional<String> user = oauth.userOf(exchange.bearerToken());
        if (user.isEmpty()) {
            exchange.json(401, Map.of("errorMessage", "Unauthorized"));
        }
        return user;
    }

    private static Long seconds(FakeExchange exchange, String name) throws IOException {
        String value = exchange.query(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            exchange.json(400, Map.of("errorMessage", name + " is required, in epoch seconds"));
            return null;
        }
    }

    private static ObjectNode served(Stored stored) {
        ObjectNode summary = JSON.createObjectNode().put("userId", stored.userId());
        summary.setAll(stored.summary());
        return summary;
    }

    private static String key(String userId, String summaryId) {
        return userId + "\u0000" + summaryId;
    }

    /** Reads a JSON body (tests use it to look at what was pushed). */
    public static JsonNode read(byte[] json) throws IOException {
        return JSON.readTree(json);
    }

    @Override
    public void close() {
        server.close();
    }
}
