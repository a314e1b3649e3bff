package org.sleepdelta.schemas.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.crypto.MasterSealed;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * The records of {@link Topics#CONNECTIONS} and {@link Topics#CONNECTION_REQUESTS}: key {@link ConnectionKey}, value
 * JSON sealed under a master key and bound to the record key ({@link MasterSealed}: {@code SDC} for a connection,
 * {@code SDR} for a request). Tokens and vendor user ids are therefore never in plain text in a topic. A connection's
 * tombstone (null value) means it was erased.
 */
public final class ConnectionRecords {
    private static final MasterSealed CONNECTION = new MasterSealed("SDC", "a connection");
    private static final MasterSealed REQUEST = new MasterSealed("SDR", "a connection request");

    private final String connectionsTopic;
    private final String requestsTopic;
    private final MasterKeys masterKeys;

    public ConnectionRecords(String connectionsTopic, String requestsTopic, MasterKeys masterKeys) {
        this.connectionsTopic = connectionsTopic;
        this.requestsTopic = requestsTopic;
        this.masterKeys = masterKeys;
    }

    public static ConnectionRecords onPipelineTopics(MasterKeys masterKeys) {
        return new ConnectionRecords(Topics.CONNECTIONS, Topics.CONNECTION_REQUESTS, masterKeys);
    }

    public String connectionsTopic() {
        return connectionsTopic;
    }

    public String requestsTopic() {
        return requestsTopic;
    }

    public ProducerRecord<String, byte[]> record(Connection connection) {
        String key = connection.key().toString();
        return new ProducerRecord<>(connectionsTopic, key, CONNECTION.seal(key, bytes(toJson(connection)), masterKeys));
    }

    /** Deletes the connection (an erasure). */
    public ProducerRecord<String, byte[]> tombstone(ConnectionKey key) {
        return new ProducerRecord<>(connectionsTopic, key.toString(), null);
    }

    public ProducerRecord<String, byte[]> record(ConnectionRequest request) {
        String key = request.key().toString();
        return new ProducerRecord<>(requestsTopic, key, REQUEST.seal(key, bytes(toJson(request)), masterKeys));
    }

    /**
     * @throws IllegalArgumentException naming the field when the value is not a valid connection
     * @throws IllegalStateException    when it does not open (unknown master key, altered or moved)
     */
    public Connection connection(String recordKey, byte[] value) {
        ConnectionKey key = ConnectionKey.parse(recordKey);
        return connectionFromJson(key, read(CONNECTION.open(recordKey, value, masterKeys), "a connection"));
    }

    /**
     * @throws IllegalArgumentException naming the field when the value is not a valid request
     * @throws IllegalStateException    when it does not open
     */
    public ConnectionRequest request(String recordKey, byte[] value) {
        ConnectionKey key = ConnectionKey.parse(recordKey);
        return requestFromJson(key, read(REQUEST.open(recordKey, value, masterKeys), "a connection request"));
    }

    static ObjectNode toJson(Connection c) {
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("status", c.status().name());
        put(json, "vendorUserId", c.vendorUserId());
        if (c.tokens() != null) {
            json.set("tokens", tokens(c.tokens()));
        }
        put(json, "timezone", c.timezone());
        json.put("connectedAt", c.connectedAt().toString());
        json.put("updatedAt", c.updatedAt().toString());
        json.put("backfillFrom", c.backfillFrom().toString());
        put(json, "syncedThrough", c.syncedThrough());
        if (c.pull() != null) {
            ObjectNode pull = json.putObject("pull");
            pull.put("from", c.pull().from().toString());
            pull.put("to", c.pull().to().toString());
            put(pull, "pageCursor", c.pull().pageCursor());
        }
        put(json, "nextPullAt", c.nextPullAt());
        put(json, "lastSuccessAt", c.lastSuccessAt());
        put(json, "lastWebhookAt", c.lastWebhookAt());
        if (c.lastError() != null) {
            ObjectNode error = json.putObject("lastError");
            error.put("kind", c.lastError().kind());
            error.put("at", c.lastError().at().toString());
            error.put("detail", c.lastError().detail());
        }
        json.put("consecutiveFailures", c.consecutiveFailures());
        ObjectNode vendorState = json.putObject("vendorState");
        new java.util.TreeMap<>(c.vendorState()).forEach(vendorState::put);
        json.put("revision", c.revision());
        return json;
    }

    static Connection connectionFromJson(ConnectionKey key, JsonNode json) {
        JsonNode pullJson = json.get("pull");
        PullWindow pull = pullJson == null || pullJson.isNull()
                ? null
                : new PullWindow(
                        date(pullJson, "pull.from", "from"),
                        date(pullJson, "pull.to", "to"),
                        optionalText(pullJson, "pageCursor"));
        JsonNode errorJson = json.get("lastError");
        ConnectionError error = errorJson == null || errorJson.isNull()
                ? null
                : new ConnectionError(
                        text(errorJson, "lastError.kind", "kind"),
                        instant(errorJson, "lastError.at", "at"),
                        text(errorJson, "lastError.detail", "detail"));
        Map<String, String> vendorState = new LinkedHashMap<>();
        JsonNode stateJson = json.get("vendorState");
        if (stateJson != null && stateJson.isObject()) {
            stateJson
                    .fields()
                    .forEachRemaining(
                            e -> vendorState.put(e.getKey(), e.getValue().asText()));
        }
        return new Connection(
                key,
                enumValue(json, "status", ConnectionStatus.class),
                optionalText(json, "vendorUserId"),
                optionalTokens(json),
                optionalText(json, "timezone"),
                instant(json, "connectedAt", "connectedAt"),
                instant(json, "updatedAt", "updatedAt"),
                date(json, "backfillFrom", "backfillFrom"),
                optionalDate(json, "syncedThrough"),
                pull,
                optionalInstant(json, "nextPullAt"),
                optionalInstant(json, "lastSuccessAt"),
                optionalInstant(json, "lastWebhookAt"),
                error,
                json.path("consecutiveFailures").asInt(0),
                vendorState,
                json.path("revision").asLong(1));
    }

    static ObjectNode toJson(ConnectionRequest r) {
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("requestId", r.requestId());
        json.put("type", r.type().name());
        json.put("requestedAt", r.requestedAt().toString());
        put(json, "vendorUserId", r.vendorUserId());
        if (r.tokens() != null) {
            json.set("tokens", tokens(r.tokens()));
        }
        put(json, "timezone", r.timezone());
        put(json, "backfillFrom", r.backfillFrom());
        put(json, "from", r.from());
        put(json, "to", r.to());
        json.put("pull", r.pull());
        json.put("origin", r.origin());
        return json;
    }

    static ConnectionRequest requestFromJson(ConnectionKey key, JsonNode json) {
        return new ConnectionRequest(
                text(json, "requestId", "requestId"),
                enumValue(json, "type", ConnectionRequest.Type.class),
                key,
                instant(json, "requestedAt", "requestedAt"),
                optionalText(json, "vendorUserId"),
                optionalTokens(json),
                optionalText(json, "timezone"),
                optionalDate(json, "backfillFrom"),
                optionalDate(json, "from"),
                optionalDate(json, "to"),
                json.path("pull").asBoolean(false),
                text(json, "origin", "origin"));
    }

    private static ObjectNode tokens(OAuthTokens tokens) {
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("accessToken", tokens.accessToken());
        put(json, "refreshToken", tokens.refreshToken());
        put(json, "accessExpiresAt", tokens.accessExpiresAt());
        put(json, "scope", tokens.scope());
        return json;
    }

    private static OAuthTokens optionalTokens(JsonNode json) {
        JsonNode tokens = json.get("tokens");
        if (tokens == null || tokens.isNull()) {
            return null;
        }
        return new OAuthTokens(
                text(tokens, "tokens.accessToken", "accessToken"),
                optionalText(tokens, "refreshToken"),
                optionalInstant(tokens, "accessExpiresAt"),
                optionalText(tokens, "scope"));
    }

    private static void put(ObjectNode json, String field, Object value) {
        if (value != null) {
            json.put(field, value.toString());
        }
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return StrictJson.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a connection cannot be written as JSON", e);
        }
    }

    private static JsonNode read(byte[] bytes, String what) {
        try {
            JsonNode json = StrictJson.mapper().readTree(bytes);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException(what + " must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    what + " " + StrictJson.problem(e).reasonAt());
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read", e);
        }
    }

    private static String text(JsonNode json, String path, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(path + ": must be a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static <E extends Enum<E>> E enumValue(JsonNode json, String field, Class<E> type) {
        String text = text(json, field, field);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown value");
        }
    }

    private static Instant instant(JsonNode json, String path, String field) {
        try {
            return Instant.parse(text(json, path, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + ": must be an ISO-8601 instant");
        }
    }

    private static Instant optionalInstant(JsonNode json, String field) {
        return json.hasNonNull(field) ? instant(json, field, field) : null;
    }

    private static LocalDate date(JsonNode json, String path, String field) {
        try {
            return LocalDate.parse(text(json, path, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + ": must be a date yyyy-MM-dd");
        }
    }

    private static LocalDate optionalDate(JsonNode json, String field) {
        return json.hasNonNull(field) ? date(json, field, field) : null;
    }
}
