package org.sleepdelta.ingest.connect.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * Garmin's push and ping calls to {@code /v1/webhooks/garmin}. Garmin signs nothing: its documentation and every
 * integration we read identify a call only by the {@code garmin-client-id} header, our (public) consumer key. So this
 * checks that header, and, when the operator registered the endpoint with a secret {@code key} query parameter, that
 * key; the route then accepts events only for users we have a connection for (docs/connections/garmin.md explains the
 * residual risk). Garmin wants a 200 quickly, so nothing here calls out.
 *
 * <ul>
 *   <li>{@code {"sleeps": [summary...]}}: one {@link Event.Kind#PUSHED} per user, whose payload is {@code {"sleeps":
 *       [that user's summaries]}} as the Garmin adapter reads it, without the OAuth 1.0a {@code userAccessToken}
 *       Garmin still adds for older partners (a credential has no place in our topics);
 *   <li>a ping ({@code callbackURL} instead of a summary): {@link Event.Kind#CHANGED} for the upload window's days;
 *   <li>{@code {"deregistrations": [...]}}, and a {@code userPermissionsChange} that no longer grants
 *       {@code HEALTH_EXPORT}: {@link Event.Kind#DEREGISTERED}.
 * </ul>
 */
final class GarminWebhook implements VendorWebhook {
    static final String HEALTH_EXPORT = "HEALTH_EXPORT";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] clientId;
    private final byte[] key;

    /** @param key the secret {@code key} query parameter the endpoint was registered with; null when none */
    GarminWebhook(String clientId, String key) {
        this.clientId = clientId.getBytes(StandardCharsets.UTF_8);
        this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Reply handle(Request request) {
        if (!"POST".equals(request.method())) {
            return Reply.refused(405, "method_not_allowed");
        }
        if (!matches(clientId, request.header("garmin-client-id"))) {
            return Reply.refused(401, "unknown_client_id");
        }
        if (key != null && !matches(key, request.query().get("key"))) {
            return Reply.refused(401, "bad_key");
        }
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            return Reply.refused(400, "unreadable_body");
        }
        if (root == null || !root.isObject()) {
            return Reply.refused(400, "unreadable_body");
        }
        List<Event> events = new ArrayList<>();
        events.addAll(sleeps(root.path("sleeps")));
        events.addAll(deregistrations(root.path("deregistrations")));
        events.addAll(permissionChanges(root.path("userPermissionsChange")));
        // Garmin documents 200 as the answer that stops its retries.
        return new Reply(200, null, null, events, null);
    }

    private static List<Event> sleeps(JsonNode sleeps) {
        Map<String, ArrayNode> pushedByUser = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        for (JsonNode item : sleeps) {
            String userId = text(item, "userId");
            if (userId == null || !item.isObject()) {
                continue; // nobody to give it to
            }
            if (item.has("summaryId")) {
                ObjectNode summary = ((ObjectNode) item).deepCopy();
                summary.remove("userAccessToken");
                pushedByUser
                        .computeIfAbsent(userId, u -> JSON.createArrayNode())
                        .add(summary);
            } else if (item.has("callbackURL")) {
                events.add(ping(userId, text(item, "callbackURL")));
            }
        }
        pushedByUser.forEach((userId, summaries) -> {
            ObjectNode payload = JSON.createObjectNode();
            payload.set("sleeps", summaries);
            events.add(new Event(userId, Event.Kind.PUSHED, null, null, bytes(payload)));
        });
        return events;
    }

    /** A ping names an upload window: the nights concerned end in it, or the day before (the night's date). */
    private static Event ping(String userId, String callbackUrl) {
        LocalDate from = null;
        LocalDate to = null;
        try {
            Map<String, String> query = query(URI.create(callbackUrl).getRawQuery());
            from = day(query.get("uploadStartTimeInSeconds")).minusDays(1);
            to = day(query.get("uploadEndTimeInSeconds"));
        } catch (RuntimeException unreadable) {
            // The usual lookback applies.
            from = null;
            to = null;
        }
        return new Event(userId, Event.Kind.CHANGED, from, to, null);
    }

    private static List<Event> deregistrations(JsonNode entries) {
        List<Event> events = new ArrayList<>();
        for (JsonNode entry : entries) {
            String userId = text(entry, "userId");
            if (userId != null) {
                events.add(new Event(userId, Event.Kind.DEREGISTERED, null, null, null));
            }
        }
        return events;
    }

    /** Without {@code HEALTH_EXPORT} we may read no sleep: as good as deregistered. */
    private static List<Event> permissionChanges(JsonNode entries) {
        List<Event> events = new ArrayList<>();
        for (JsonNode entry : entries) {
            String userId = text(entry, "userId");
            if (userId == null || !entry.path("permissions").isArray()) {
                continue;
            }
            boolean health = false;
            for (JsonNode permission : entry.path("permissions")) {
                health |= HEALTH_EXPORT.equals(permission.asText());
            }
            if (!health) {
                events.add(new Event(userId, Event.Kind.DEREGISTERED, null, null, null));
            }
        }
        return events;
    }

    private static boolean matches(byte[] expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null
                || !(value.isTextual() || value.isNumber())
                || value.asText().isEmpty()) {
            return null;
        }
        return value.asText();
    }

    private static LocalDate day(String epochSeconds) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epochSeconds)), ZoneOffset.UTC);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return parameters;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
