package org.sleepdelta.fakes.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sleepdelta.fakes.FailurePlan;
import org.sleepdelta.fakes.FakeExchange;
import org.sleepdelta.fakes.FakeHttpServer;
import org.sleepdelta.fakes.FakeOAuth;
import org.sleepdelta.fakes.WebhookSender;

/**
 * The Withings public API as its documentation describes it (docs/connections/withings.md lists the pages): OAuth 2.0
 * consent at {@code /oauth2_user/authorize2}; the action-dispatched endpoints {@code POST /v2/oauth2}
 * ({@code requesttoken}, signed {@code revoke}), {@code /v2/signature} ({@code getnonce}), {@code /v2/sleep}
 * ({@code getsummary}, paged with {@code more}/{@code offset}) and {@code /notify} ({@code subscribe} after a
 * {@code HEAD} check of the callback, {@code list}, {@code revoke}); and form-encoded notifications to the callback.
 *
 * <p>Like Withings, every answer of these endpoints is HTTP 200 with {@code {"status": <code>, "body": {..}}}: 0 is
 * success, 401 an invalid token, 503 invalid parameters (also an invalid code or refresh token), 601 too many
 * requests. Scripted 5xx and 403 ({@link #failures()}) are real HTTP statuses, as a load balancer in front of the API
 * would send them; scripted 429s are answered as Withings does, status 601, with a {@code Retry-After} header.
 *
 * <p>Users are named by the numeric id the consenting browser gives ({@code fake_user}), Withings' {@code userid}.
 */
public final class FakeWithings implements AutoCloseable {
    public static final String DEFAULT_CLIENT_ID = "withings-fake-client";
    public static final String DEFAULT_CLIENT_SECRET = "withings-fake-secret";
    /** The notification category of sleep summaries. */
    public static final int APPLI_SLEEP = 44;
    /** The notification category of actions on the user's profile ({@code action=unlink|delete|update}). */
    public static final int APPLI_USER_PROFILE = 46;

    static final ObjectMapper JSON = new ObjectMapper();

    /** One notification subscription: the user, the category and the callback. */
    public record Subscription(String userId, int appli, String callbackUrl) {}

    private final Clock clock;
    private final FakeOAuth oauth;
    private final WithingsNonces nonces;
    private final FailurePlan failures = new FailurePlan();
    private final FakeHttpServer server;
    private final WebhookSender sender = new WebhookSender();
    private final Map<String, Map<String, ObjectNode>> sleep = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<String> revokedUsers = new CopyOnWriteArrayList<>();
    private volatile int pageSize = 25;

    public FakeWithings(Clock clock) {
        this(clock, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
    }

    public FakeWithings(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.oauth = new FakeOAuth(clock, clientId, clientSecret)
                .scope("user.activity")
                .accessTokenTtl(Duration.ofHours(3));
        this.nonces = new WithingsNonces(clock, clientId, clientSecret);
        this.server = new FakeHttpServer(clock)
                .route("/oauth2_user/authorize2", this::authorize)
                .route("/v2/oauth2", this::oauth2)
                .route("/v2/signature", this::signature)
                .route("/v2/sleep", this::sleep)
                .route("/notify", this::notify)
                .start();
    }

    public URI authorizeUrl() {
        return server.uri("/oauth2_user/authorize2");
    }

    public URI tokenUrl() {
        return server.uri("/v2/oauth2");
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

    /** Scripted failures of the data and notify routes. */
    public FailurePlan failures() {
        return failures;
    }

    public FakeWithings pageSize(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        pageSize = items;
        return this;
    }

    public FakeWithings accessTokenTtl(Duration ttl) {
        oauth.accessTokenTtl(ttl);
        return this;
    }

    /** The user unlinks our app in the Withings app: every token of theirs stops working. */
    public void withdrawConsent(String userId) {
        oauth.withdrawConsent(userId);
    }

    /**
     * Adds a sleep summary item ({@code series} element) for the user, or replaces the one with the same {@code id}
     * (Withings revising a night: same id, later {@code modified}). The item must have {@code id} and {@code date}.
     */
    public void putSleep(String userId, ObjectNode item) {
        JsonNode id = item.get("id");
        JsonNode date = item.get("date");
        if (id == null || id.isNull() || date == null || !date.isTextual()) {
            throw new IllegalArgumentException("a Withings sleep summary needs an id and a date");
        }
        synchronized (sleep) {
            sleep.computeIfAbsent(userId, u -> new LinkedHashMap<>()).put(id.asText(), item.deepCopy());
        }
    }

    /** Withings no longer returns the item (the user deleted the night). */
    public boolean deleteSleep(String userId, String id) {
        synchronized (sleep) {
            Map<String, ObjectNode> items = sleep.get(userId);
            return items != null && items.remove(id) != null;
        }
    }

    public List<Subscription> subscriptions() {
        return new ArrayList<>(subscriptions);
    }

    /** Users whose access our app revoked ({@code action=revoke} on {@code /v2/oauth2}). */
    public List<String> revokedUsers() {
        return new ArrayList<>(revokedUsers);
    }

    /** Sends a sleep notification as Withings does: a form POST of userid, appli, startdate and enddate. */
    public WebhookSender.Answer sendSleepNotification(URI callbackUrl, String userId, Instant start, Instant end) {
        return sendForm(
                callbackUrl,
                "userid=" + enc(userId) + "&appli=" + APPLI_SLEEP + "&startdate=" + start.getEpochSecond() + "&enddate="
                        + end.getEpochSecond());
    }

    /** Sends a profile notification ({@code appli=46}), e.g. {@code action=unlink} when the user unlinks us. */
    public WebhookSender.Answer sendProfileNotification(URI callbackUrl, String userId, String action) {
        return sendForm(
                callbackUrl,
                "userid=" + enc(userId) + "&appli=" + APPLI_USER_PROFILE + "&action=" + enc(action) + "&date="
                        + clock.instant().getEpochSecond());
    }

    /** Any form body, for notifications Withings would never send. */
    public WebhookSender.Answer sendForm(URI callbackUrl, String formBody) {
        return sender.send(
                "POST",
                callbackUrl,
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                formBody.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }

    private void authorize(FakeExchange exchange) throws Exception {
        try {
            exchange.redirect(oauth.authorize(exchange.queryParameters()));
        } catch (FakeOAuth.OAuthError e) {
            exchange.json(400, Map.of("error", e.error(), "error_description", e.getMessage()));
        }
    }

    private void oauth2(FakeExchange exchange) throws Exception {
        String action = exchange.parameter("action");
        if ("requesttoken".equals(action)) {
            requestToken(exchange);
        } else if ("revoke".equals(action)) {
            String userId = exchange.parameter("userid");
            if (!nonces.verify(exchange, "revoke") || userId == null) {
                status(exchange, 503, "Invalid Params: invalid signature or nonce");
                return;
            }
            oauth.withdrawConsent(userId);
            subscriptions.removeIf(s -> s.userId().equals(userId));
            revokedUsers.add(userId);
            ok(exchange, JSON.createObjectNode());
        } else {
            status(exchange, 2554, "Unknown action");
        }
    }

    private void requestToken(FakeExchange exchange) throws Exception {
        String clientId = exchange.parameter("client_id");
        String secret = exchange.parameter("client_secret");
        try {
            FakeOAuth.Grant grant;
            String grantType = exchange.parameter("grant_type");
            if ("authorization_code".equals(grantType)) {
                grant = oauth.exchangeCode(
                        clientId,
                        secret,
                        exchange.parameter("code"),
                        exchange.parameter("redirect_uri"),
                        exchange.parameter("code_verifier"));
            } else if ("refresh_token".equals(grantType)) {
                grant = oauth.refresh(clientId, secret, exchange.parameter("refresh_token"));
            } else {
                status(exchange, 503, "Invalid Params: invalid grant_type");
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("userid", grant.userId());
            body.put("access_token", grant.accessToken());
            body.put("refresh_token", grant.refreshToken());
            body.put("expires_in", grant.expiresInSeconds());
            body.put("scope", grant.scope());
            body.put("csrf_token", "fake-csrf");
            body.put("token_type", "Bearer");
            ok(exchange, body);
        } catch (FakeOAuth.OAuthError e) {
            // Withings answers a bad code or refresh token with "invalid params", a bad client likewise.
            status(
                    exchange,
                    503,
                    "invalid_grant".equals(e.error())
                            ? "Invalid Params: invalid code or refresh_token"
                            : "Invalid Params: invalid client");
        }
    }

    private void signature(FakeExchange exchange) throws Exception {
        if (!"getnonce".equals(exchange.parameter("action"))) {
            status(exchange, 2554, "Unknown action");
            return;
        }
        Optional<String> nonce = nonces.issue(exchange);
        if (nonce.isEmpty()) {
            status(exchange, 503, "Invalid Params: invalid signature or timestamp");
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("nonce", nonce.get());
        ok(exchange, body);
    }

    private void sleep(FakeExchange exchange) throws Exception {
        Optional<String> user = authorised(exchange);
        if (user.isEmpty()) {
            return;
        }
        if (!"getsummary".equals(exchange.parameter("action"))) {
            status(exchange, 2554, "Unknown action");
            return;
        }
        List<ObjectNode> matching;
        try {
            matching = matching(user.get(), exchange);
        } catch (RuntimeException e) {
            status(exchange, 503, "Invalid Params");
            return;
        }
        int offset;
        try {
            offset = exchange.parameter("offset") == null ? 0 : Integer.parseInt(exchange.parameter("offset"));
        } catch (NumberFormatException e) {
            status(exchange, 503, "Invalid Params");
            return;
        }
        int from = Math.min(Math.max(offset, 0), matching.size());
        int until = Math.min(matching.size(), from + pageSize);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode series = body.putArray("series");
        matching.subList(from, until).forEach(series::add);
        body.put("more", until < matching.size());
        body.put("offset", until < matching.size() ? until : 0);
        ok(exchange, body);
    }

    /** {@code startdateymd..enddateymd} on the item's {@code date}, both inclusive, or {@code modified >= lastupdate}. */
    private List<ObjectNode> matching(String userId, FakeExchange exchange) {
        String lastUpdate = exchange.parameter("lastupdate");
        LocalDate start = null;
        LocalDate end = null;
        Long since = null;
        if (lastUpdate != null) {
            since = Long.parseLong(lastUpdate);
        } else {
            start = LocalDate.parse(exchange.parameter("startdateymd"));
            end = LocalDate.parse(exchange.parameter("enddateymd"));
        }
        List<ObjectNode> out = new ArrayList<>();
        synchronized (sleep) {
            for (ObjectNode item : sleep.getOrDefault(userId, Map.of()).values()) {
                boolean in;
                if (since != null) {
                    in = item.path("modified").asLong() >= since;
                } else {
                    LocalDate date = LocalDate.parse(item.get("date").asText());
                    in = !date.isBefore(start) && !date.isAfter(end);
                }
                if (in) {
                    out.add(item.deepCopy());
                }
            }
        }
        out.sort(Comparator.comparingLong((ObjectNode i) -> i.path("startdate").asLong())
                .thenComparing(i -> i.get("id").asText()));
        return out;
    }

    private void notify(FakeExchange exchange) throws Exception {
        Optional<String> user = authorised(exchange);
        if (user.isEmpty()) {
            return;
        }
        String action = exchange.parameter("action");
        String callback = exchange.parameter("callbackurl");
        int appli;
        try {
            appli = Integer.parseInt(exchange.parameter("appli"));
        } catch (NumberFormatException e) {
            status(exchange, 503, "Invalid Params: appli");
            return;
        }
        if ("subscribe".equals(action)) {
            if (callback == null) {
                status(exchange, 503, "Invalid Params: callbackurl");
                return;
            }
            // Withings checks the callback with a HEAD request before it subscribes it.
            WebhookSender.Answer head = sender.send("HEAD", URI.create(callback), Map.of(), null);
            if (head.status() < 200 || head.status() > 299) {
                status(exchange, 293, "The callback URL is either absent or incorrect");
                return;
            }
            Subscription s = new Subscription(user.get(), appli, callback);
            if (!subscriptions.contains(s)) {
                subscriptions.add(s);
            }
            ok(exchange, JSON.createObjectNode());
        } else if ("revoke".equals(action)) {
            subscriptions.remove(new Subscription(user.get(), appli, callback));
            ok(exchange, JSON.createObjectNode());
        } else if ("list".equals(action)) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode profiles = body.putArray("profiles");
            for (Subscription s : subscriptions) {
                if (s.userId().equals(user.get()) && s.appli() == appli) {
                    ObjectNode p = profiles.addObject();
                    p.put("appli", s.appli());
                    p.put("callbackurl", s.callbackUrl());
                    p.put("comment", "sleepdelta");
                }
            }
            ok(exchange, body);
        } else {
            status(exchange, 2554, "Unknown action");
        }
    }

    private Optional<String> authorised(FakeExchange exchange) throws Exception {
        Optional<FailurePlan.Failure> failure = failures.take();
        if (failure.isPresent()) {
            FailurePlan.Failure f = failure.get();
            if (f.status() == 429) {
                exchange.json(
                        200,
                        envelope(601, "Too Many Requests"),
                        Map.of("Retry-After", Long.toString(f.retryAfter().toSeconds())));
            } else {
                exchange.json(f.status(), envelope(f.status(), "scripted failure"));
            }
            return Optional.empty();
        }
        Optional<String> user = oauth.userOf(exchange.bearerToken());
        if (user.isEmpty()) {
            status(exchange, 401, "XRequestID: Not provided invalid_token: The access token provided is invalid");
        }
        return user;
    }

    private static void ok(FakeExchange exchange, ObjectNode body) throws Exception {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", 0);
        answer.set("body", body);
        exchange.respond(200, "application/json", JSON.writeValueAsBytes(answer), Map.of());
    }

    private static void status(FakeExchange exchange, int status, String error) throws Exception {
        exchange.json(200, envelope(status, error));
    }

    private static ObjectNode envelope(int status, String error) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", status);
        answer.putObject("body");
        answer.put("error", error);
        return answer;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
