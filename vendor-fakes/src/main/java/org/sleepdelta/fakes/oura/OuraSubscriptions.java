package org.sleepdelta.fakes.oura;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.fakes.FakeExchange;
import org.sleepdelta.fakes.WebhookSender;

/**
 * Oura's app-level webhook subscriptions ({@code /v2/webhook/subscription}): creating one first calls the callback
 * with {@code GET ?verification_token=..&challenge=..} and requires {@code {"challenge": ..}} back; each subscription
 * has an {@code expiration_time} and is renewed with {@code PUT /v2/webhook/subscription/renew/{id}}.
 */
public final class OuraSubscriptions {
    /** One subscription as Oura holds it. */
    public record Subscription(
            String id,
            String callbackUrl,
            String eventType,
            String dataType,
            String verificationToken,
            Instant expiration) {}

    private static final Set<String> EVENT_TYPES = Set.of("create", "update", "delete");

    private final Clock clock;
    private final WebhookSender sender;
    private final Map<String, Subscription> byId = new LinkedHashMap<>();
    private volatile Duration ttl = Duration.ofDays(90);
    private int renewals;
    private int handshakes;

    OuraSubscriptions(Clock clock, WebhookSender sender) {
        this.clock = clock;
        this.sender = sender;
    }

    void ttl(Duration value) {
        ttl = value;
    }

    public synchronized List<Subscription> all() {
        return new ArrayList<>(byId.values());
    }

    public synchronized int renewals() {
        return renewals;
    }

    /** Verification handshakes the fake made with callbacks (answered correctly or not). */
    public synchronized int handshakes() {
        return handshakes;
    }

    /** Scripts a subscription that already exists, e.g. one about to expire. */
    public synchronized Subscription add(String callbackUrl, String eventType, Instant expiration) {
        Subscription s = new Subscription(FakeOura.newId(), callbackUrl, eventType, "sleep", "scripted", expiration);
        byId.put(s.id(), s);
        return s;
    }

    void handle(FakeExchange exchange) throws Exception {
        String rest = exchange.path().substring("/v2/webhook/subscription".length());
        String method = exchange.method();
        if (rest.isEmpty() || rest.equals("/")) {
            if (method.equals("GET")) {
                ArrayNode list = FakeOura.JSON.createArrayNode();
                all().forEach(s -> list.add(json(s)));
                exchange.json(200, list);
            } else if (method.equals("POST")) {
                create(exchange);
            } else {
                exchange.json(405, FakeOura.problem(405, "Method Not Allowed"));
            }
            return;
        }
        if (rest.startsWith("/renew/") && method.equals("PUT")) {
            Subscription renewed;
            synchronized (this) {
                Subscription s = byId.get(rest.substring("/renew/".length()));
                if (s == null) {
                    exchange.json(404, FakeOura.problem(404, "Not Found"));
                    return;
                }
                renewed = new Subscription(
                        s.id(),
                        s.callbackUrl(),
                        s.eventType(),
                        s.dataType(),
                        s.verificationToken(),
                        clock.instant().plus(ttl));
                byId.put(s.id(), renewed);
                renewals++;
            }
            exchange.json(200, json(renewed));
            return;
        }
        String id = rest.substring(1);
        synchronized (this) {
            Subscription s = byId.get(id);
            if (s == null) {
                exchange.json(404, FakeOura.problem(404, "Not Found"));
            } else if (method.equals("DELETE")) {
                byId.remove(id);
                exchange.empty(204);
            } else {
                exchange.json(200, json(s));
            }
        }
    }

    private void create(FakeExchange exchange) throws Exception {
        JsonNode body;
        try {
            body = exchange.jsonBody();
        } catch (Exception e) {
            exchange.json(422, FakeOura.problem(422, "body must be JSON"));
            return;
        }
        String callback = body.path("callback_url").asText(null);
        String token = body.path("verification_token").asText(null);
        String eventType = body.path("event_type").asText(null);
        String dataType = body.path("data_type").asText(null);
        if (callback == null || token == null || !EVENT_TYPES.contains(eventType) || dataType == null) {
            exchange.json(422, FakeOura.problem(422, "callback_url, verification_token, event_type, data_type"));
            return;
        }
        // Oura calls the callback before it creates the subscription, and creates it only if it answers.
        String challenge = FakeOura.newId();
        URI verify = URI.create(callback + (callback.contains("?") ? "&" : "?") + "verification_token="
                + FakeOura.urlEncode(token) + "&challenge=" + FakeOura.urlEncode(challenge));
        synchronized (this) {
            handshakes++;
        }
        WebhookSender.Answer answer = sender.send("GET", verify, Map.of(), null);
        boolean verified = false;
        if (answer.status() == 200) {
            try {
                verified = challenge.equals(
                        FakeOura.JSON.readTree(answer.body()).path("challenge").asText());
            } catch (Exception e) {
                verified = false;
            }
        }
        if (!verified) {
            exchange.json(400, FakeOura.problem(400, "Callback URL verification failed"));
            return;
        }
        Subscription s = new Subscription(
                FakeOura.newId(),
                callback,
                eventType,
                dataType,
                token,
                clock.instant().plus(ttl));
        synchronized (this) {
            byId.put(s.id(), s);
        }
        exchange.json(201, json(s));
    }

    private static ObjectNode json(Subscription s) {
        ObjectNode node = FakeOura.JSON.createObjectNode();
        node.put("id", s.id());
        node.put("callback_url", s.callbackUrl());
        node.put("event_type", s.eventType());
        node.put("data_type", s.dataType());
        node.put("expiration_time", s.expiration().atOffset(ZoneOffset.UTC).toString());
        return node;
    }
}
