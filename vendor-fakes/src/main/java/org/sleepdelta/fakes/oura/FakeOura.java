package org.sleepdelta.fakes.oura;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.sleepdelta.fakes.FailurePlan;
import org.sleepdelta.fakes.FakeExchange;
import org.sleepdelta.fakes.FakeHttpServer;
import org.sleepdelta.fakes.FakeOAuth;
import org.sleepdelta.fakes.WebhookSender;

/**
 * Oura's API v2 as its public documentation describes it (docs/connections/oura.md lists the pages): OAuth 2.0 at
 * {@code /oauth/authorize}, {@code /oauth/token} and {@code /oauth/revoke}; {@code personal_info} for the user's id;
 * sleep documents at {@code /v2/usercollection/sleep} paged with {@code next_token}, and one by id; app-level webhook
 * subscriptions at {@code /v2/webhook/subscription} (created only after the callback answers the challenge, expiring,
 * renewed with {@code PUT .../renew/{id}}); and signed webhook calls. Error bodies are RFC 7807
 * ({@code status}, {@code title}, {@code detail}) on the data API and RFC 6749 ({@code error}) on the token endpoint.
 *
 * <p>Users are named by the id the consenting browser gives ({@code fake_user}); that id is also
 * {@code personal_info.id} and the webhooks' {@code user_id}, as Oura documents.
 */
public final class FakeOura implements AutoCloseable {
    public static final String DEFAULT_CLIENT_ID = "oura-fake-client";
    public static final String DEFAULT_CLIENT_SECRET = "oura-fake-secret";

    static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final FakeOAuth oauth;
    private final FailurePlan failures = new FailurePlan();
    private final FakeHttpServer server;
    private final OuraSleepStore sleep = new OuraSleepStore();
    private final OuraSubscriptions subscriptions;
    private final WebhookSender sender = new WebhookSender();
    private volatile int pageSize = 25;

    public FakeOura(Clock clock) {
        this(clock, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
    }

    public FakeOura(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.oauth = new FakeOAuth(clock, clientId, clientSecret).scope("daily personal");
        this.subscriptions = new OuraSubscriptions(clock, sender);
        this.server = new FakeHttpServer(clock)
                .route("/oauth/authorize", this::authorize)
                .route("/oauth/token", this::token)
                .route("/oauth/revoke", this::revoke)
                .route("/v2/usercollection/personal_info", this::personalInfo)
                .route("/v2/usercollection/sleep", this::sleep)
                .route("/v2/webhook/subscription", this::subscription)
                .start();
    }

    public URI authorizeUrl() {
        return server.uri("/oauth/authorize");
    }

    public URI tokenUrl() {
        return server.uri("/oauth/token");
    }

    /** Where Oura's revocation endpoint is: next to the token endpoint, as on api.ouraring.com. */
    public URI revokeUrl() {
        return server.uri("/oauth/revoke");
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

    /** Scripted failures of the data routes (sleep, personal_info). */
    public FailurePlan failures() {
        return failures;
    }

    /** Documents per page of the sleep collection (small in tests, so that they page). */
    public FakeOura pageSize(int documents) {
        if (documents < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        pageSize = documents;
        return this;
    }

    public FakeOura accessTokenTtl(Duration ttl) {
        oauth.accessTokenTtl(ttl);
        return this;
    }

    /** The user withdraws consent in the Oura app: every token of theirs stops working. */
    public void withdrawConsent(String userId) {
        oauth.withdrawConsent(userId);
    }

    /**
     * Adds a sleep document for the user, or replaces the one with the same {@code id} (Oura re-scoring a night). The
     * document must have {@code id} and {@code day}.
     */
    public void putSleep(String userId, ObjectNode document) {
        sleep.put(userId, document);
    }

    /** Deletes the document: the collection no longer lists it and fetching it by id answers 404. */
    public boolean deleteSleep(String userId, String documentId) {
        return sleep.delete(userId, documentId);
    }

    public List<ObjectNode> sleepDocuments(String userId) {
        return sleep.all(userId);
    }

    /** The app's webhook subscriptions as Oura holds them. */
    public OuraSubscriptions subscriptions() {
        return subscriptions;
    }

    /** How long a new or renewed subscription lives. */
    public FakeOura subscriptionTtl(Duration ttl) {
        subscriptions.ttl(ttl);
        return this;
    }

    /** A notification body as Oura sends it: {@code event_type}, {@code data_type}, ids and {@code event_time}. */
    public ObjectNode notification(String eventType, String userId, String objectId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event_type", eventType);
        body.put("data_type", "sleep");
        body.put("object_id", objectId);
        body.put("event_time", clock.instant().toString());
        body.put("user_id", userId);
        return body;
    }

    /** Sends the notification to {@code callbackUrl} signed as Oura signs it, timestamped now. */
    public WebhookSender.Answer sendWebhook(URI callbackUrl, ObjectNode notification) {
        return OuraSignature.send(
                sender, callbackUrl, notification, clock.instant().getEpochSecond(), oauth.clientSecret());
    }

    /** A forgery: the notification signed with a secret that is not ours. */
    public WebhookSender.Answer sendForgedWebhook(URI callbackUrl, ObjectNode notification) {
        return OuraSignature.send(
                sender, callbackUrl, notification, clock.instant().getEpochSecond(), "not-" + oauth.clientSecret());
    }

    /** A replay: correctly signed, but timestamped {@code age} ago. */
    public WebhookSender.Answer sendStaleWebhook(URI callbackUrl, ObjectNode notification, Duration age) {
        return OuraSignature.send(
                sender, callbackUrl, notification, clock.instant().minus(age).getEpochSecond(), oauth.clientSecret());
    }

    @Override
    public void close() {
        server.close();
    }

    private void authorize(FakeExchange exchange) throws Exception {
        try {
            exchange.redirect(oauth.authorize(exchange.queryParameters()));
        } catch (FakeOAuth.OAuthError e) {
            exchange.json(e.status(), Map.of("error", e.error(), "error_description", e.getMessage()));
        }
    }

    private void token(FakeExchange exchange) throws Exception {
        if (!exchange.method().equals("POST")) {
            exchange.json(405, problem(405, "Method Not Allowed"));
            return;
        }
        String[] client = exchange.clientCredentials();
        try {
            FakeOAuth.Grant grant;
            String grantType = exchange.form("grant_type");
            if ("authorization_code".equals(grantType)) {
                grant = oauth.exchangeCode(
                        client[0],
                        client[1],
                        exchange.form("code"),
                        exchange.form("redirect_uri"),
                        exchange.form("code_verifier"));
            } else if ("refresh_token".equals(grantType)) {
                grant = oauth.refresh(client[0], client[1], exchange.form("refresh_token"));
            } else {
                throw new FakeOAuth.OAuthError(400, "unsupported_grant_type", "unsupported grant_type");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_type", "bearer");
            body.put("access_token", grant.accessToken());
            body.put("expires_in", grant.expiresInSeconds());
            body.put("refresh_token", grant.refreshToken());
            body.put("scope", grant.scope());
            exchange.json(200, body);
        } catch (FakeOAuth.OAuthError e) {
            exchange.json(e.status(), Map.of("error", e.error(), "error_description", e.getMessage()));
        }
    }

    private void revoke(FakeExchange exchange) throws Exception {
        String token = exchange.query("access_token");
        if (token == null) {
            exchange.json(400, problem(400, "access_token is required"));
            return;
        }
        oauth.revokeToken(token);
        exchange.json(200, Map.of());
    }

    private void personalInfo(FakeExchange exchange) throws Exception {
        Optional<String> user = authorised(exchange);
        if (user.isEmpty()) {
            return;
        }
        exchange.json(200, Map.of("id", user.get(), "age", 41, "biological_sex", "female"));
    }

    private void sleep(FakeExchange exchange) throws Exception {
        Optional<String> user = authorised(exchange);
        if (user.isEmpty()) {
            return;
        }
        String rest = exchange.path().substring("/v2/usercollection/sleep".length());
        if (rest.startsWith("/") && rest.length() > 1) {
            Optional<ObjectNode> document = sleep.get(user.get(), rest.substring(1));
            if (document.isPresent()) {
                exchange.json(200, document.get());
            } else {
                exchange.json(404, problem(404, "Not Found"));
            }
            return;
        }
        LocalDate start;
        LocalDate end;
        try {
            start = exchange.query("start_date") == null ? null : LocalDate.parse(exchange.query("start_date"));
            end = exchange.query("end_date") == null ? null : LocalDate.parse(exchange.query("end_date"));
        } catch (RuntimeException e) {
            exchange.json(400, problem(400, "start_date and end_date must be dates like 2026-03-02"));
            return;
        }
        List<ObjectNode> matching = sleep.between(user.get(), start, end);
        int offset = decodeToken(exchange.query("next_token"));
        if (offset < 0) {
            exchange.json(400, problem(400, "next_token is invalid"));
            return;
        }
        int until = Math.min(matching.size(), offset + pageSize);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        matching.subList(Math.min(offset, until), until).forEach(data::add);
        if (until < matching.size()) {
            body.put("next_token", encodeToken(until));
        } else {
            body.putNull("next_token");
        }
        exchange.respond(200, "application/json", JSON.writeValueAsBytes(body), Map.of());
    }

    private void subscription(FakeExchange exchange) throws Exception {
        if (!oauth.clientId().equals(exchange.header("x-client-id"))
                || !oauth.clientSecret().equals(exchange.header("x-client-secret"))) {
            exchange.json(401, problem(401, "Unauthorized"));
            return;
        }
        subscriptions.handle(exchange);
    }

    /** The user of a valid bearer token, after the scripted failures; answers the failure itself. */
    private Optional<String> authorised(FakeExchange exchange) throws Exception {
        Optional<FailurePlan.Failure> failure = failures.take();
        if (failure.isPresent()) {
            FailurePlan.Failure f = failure.get();
            if (f.status() == 429) {
                exchange.tooManyRequests(f.retryAfter(), problem(429, "Too Many Requests"));
            } else {
                exchange.json(f.status(), problem(f.status(), "scripted failure"));
            }
            return Optional.empty();
        }
        Optional<String> user = oauth.userOf(exchange.bearerToken());
        if (user.isEmpty()) {
            exchange.json(401, problem(401, "Invalid or expired access token"));
        }
        return user;
    }

    static Map<String, Object> problem(int status, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        return body;
    }

    private static String encodeToken(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return text.startsWith("offset:") ? Integer.parseInt(text.substring(7)) : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** A user's sleep documents by id, listed by {@code day} as Oura lists them. */
    static final class OuraSleepStore {
        private final Map<String, Map<String, ObjectNode>> byUser = new ConcurrentHashMap<>();

        void put(String userId, ObjectNode document) {
            JsonNode id = document.get("id");
            JsonNode day = document.get("day");
            if (id == null || !id.isTextual() || day == null || !day.isTextual()) {
                throw new IllegalArgumentException("an Oura sleep document needs a text id and day");
            }
            synchronized (this) {
                byUser.computeIfAbsent(userId, u -> new LinkedHashMap<>()).put(id.asText(), document.deepCopy());
            }
        }

        synchronized boolean delete(String userId, String id) {
            Map<String, ObjectNode> documents = byUser.get(userId);
            return documents != null && documents.remove(id) != null;
        }

        synchronized Optional<ObjectNode> get(String userId, String id) {
            Map<String, ObjectNode> documents = byUser.get(userId);
            return Optional.ofNullable(documents == null ? null : documents.get(id))
                    .map(ObjectNode::deepCopy);
        }

        synchronized List<ObjectNode> all(String userId) {
            return between(userId, null, null);
        }

        /** {@code day} within {@code start..end}, both inclusive (see docs/connections/oura.md on end_date). */
        synchronized List<ObjectNode> between(String userId, LocalDate start, LocalDate end) {
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode document : byUser.getOrDefault(userId, Map.of()).values()) {
                LocalDate day = LocalDate.parse(document.get("day").asText());
                if ((start == null || !day.isBefore(start)) && (end == null || !day.isAfter(end))) {
                    out.add(document.deepCopy());
                }
            }
            out.sort(Comparator.comparing((ObjectNode d) -> d.get("day").asText())
                    .thenComparing(d -> d.get("id").asText()));
            return out;
        }
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
