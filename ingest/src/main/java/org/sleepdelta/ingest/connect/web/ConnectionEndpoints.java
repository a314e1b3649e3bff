package org.sleepdelta.ingest.connect.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.schemas.Ids;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.StrictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clinic's connection routes, each for its API key's clinic only:
 *
 * <ul>
 *   <li>{@code POST /v1/clients/{clientId}/connections/{vendor}} ({@code write}): a link for the client to consent at
 *       the vendor, with a sealed, expiring {@link OAuthState} and a PKCE challenge;
 *   <li>{@code GET /v1/clients/{clientId}/connections} ({@code read} or {@code write}): each connection's state;
 *   <li>{@code DELETE /v1/clients/{clientId}/connections/{vendor}} ({@code write}): asks the owner to revoke it.
 * </ul>
 *
 * Another clinic's client is simply not found: the clinic is never taken from the path.
 */
public final class ConnectionEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ConnectionEndpoints.class);
    /** A link request's body is one small JSON object. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final ConnectionSettings settings;
    private final Connectors connectors;
    private final OAuthState states;
    private final ConnectionDirectory directory;
    private final ConnectionRequestWriter requests;
    private final CallerClinic callers;
    private final Clock clock;

    /** @param settings null when connections are off */
    public ConnectionEndpoints(
            ConnectionSettings settings,
            Connectors connectors,
            OAuthState states,
            ConnectionDirectory directory,
            ConnectionRequestWriter requests,
            CallerClinic callers,
            Clock clock) {
        this.settings = settings;
        this.connectors = connectors;
        this.states = states;
        this.directory = directory;
        this.requests = requests;
        this.callers = callers;
        this.clock = clock;
    }

    /** Vendors whose sleep data names no IANA zone (Withings' does): the clinic gives the client's. */
    static final java.util.Set<String> NEEDS_TIMEZONE = java.util.Set.of("oura", "garmin", "fitbit");

    /** {@code POST /v1/clients/{clientId}/connections/{vendor}}. */
    public void link(Context ctx) {
        String clinicId = callers.authenticate(ctx, Scope.WRITE, null);
        requireEnabled();
        String clientId = clientId(ctx);
        String vendor = ctx.pathParam("vendor");
        VendorConnector connector = connectors.require(vendor);
        String timezone = timezone(body(ctx));
        if (timezone == null && NEEDS_TIMEZONE.contains(vendor)) {
            // Their data carries offsets at most, never a zone; without one every pulled night would be refused.
            throw WebErrors.invalidBody("timezone is required for " + vendor
                    + ": its data names no time zone; send {\"timezone\": \"Europe/Berlin\"} with the client's zone");
        }
        String verifier = Pkce.newVerifier();
        OAuthState.Sealed state = states.seal(clinicId, clientId, vendor, timezone, verifier);
        URI url = connector.authorizationUrl(state.state(), Pkce.challenge(verifier), settings.callbackUrl());
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("vendor", vendor);
        body.put("clientId", clientId);
        body.put("authorizationUrl", url.toString());
        body.put("expiresAt", state.expiresAt().toString());
        ctx.header("Cache-Control", "no-store");
        write(ctx, 201, body);
    }

    /** {@code GET /v1/clients/{clientId}/connections}. */
    public void list(Context ctx) {
        String clinicId = callers.authenticate(ctx, Scope.READ, Scope.WRITE);
        requireEnabled();
        String clientId = clientId(ctx);
        List<Connection> connections;
        try {
            connections = directory.ofClient(clinicId, clientId);
        } catch (RuntimeException e) {
            throw kafkaFailed(e, "reading the connections");
        }
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode list = body.putArray("connections");
        connections.forEach(c -> list.add(ConnectionJson.of(c)));
        write(ctx, 200, body);
    }

    /** {@code DELETE /v1/clients/{clientId}/connections/{vendor}}. */
    public void revoke(Context ctx) {
        String clinicId = callers.authenticate(ctx, Scope.WRITE, null);
        requireEnabled();
        String clientId = clientId(ctx);
        String vendor = ctx.pathParam("vendor");
        if (!ConnectionKey.VENDORS.contains(vendor)) {
            throw WebErrors.unknownVendor(String.join(", ", ConnectionKey.VENDORS));
        }
        ConnectionKey key = new ConnectionKey(clinicId, clientId, vendor);
        boolean exists;
        try {
            exists = directory.find(key).isPresent();
        } catch (RuntimeException e) {
            throw kafkaFailed(e, "reading the connections");
        }
        if (!exists) {
            throw WebErrors.notFound("this client has no " + vendor + " connection");
        }
        try {
            requests.write(ConnectionRequest.revoke(key, clock.instant(), "api"));
        } catch (KafkaUnavailable e) {
            throw kafkaFailed(e, "writing a revoke request");
        }
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("vendor", vendor);
        body.put("status", "REVOKE_REQUESTED");
        write(ctx, 202, body);
    }

    private void requireEnabled() {
        if (!connectors.enabled()) {
            throw WebErrors.disabled();
        }
    }

    static String clientId(Context ctx) {
        String clientId = ctx.pathParam("clientId");
        if (!Ids.isValid(clientId)) {
            throw WebErrors.invalidRequest("clientId must match " + Ids.PATTERN.pattern());
        }
        return clientId;
    }

    /** The optional body: empty, or {@code {"timezone": "Europe/Berlin"}}. */
    private static JsonNode body(Context ctx) {
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw WebErrors.invalidBody("the body could not be read to its end");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw WebErrors.invalidBody("the body must be a JSON object of at most " + MAX_BODY_BYTES + " bytes");
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = StrictJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw WebErrors.invalidBody(
                    "the body is not well-formed JSON: " + StrictJson.problem(e).reason());
        } catch (IOException e) {
            throw WebErrors.invalidBody("the body could not be read to its end");
        }
        if (json == null || !json.isObject()) {
            throw WebErrors.invalidBody("the body must be a JSON object such as {\"timezone\": \"Europe/Berlin\"}");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("timezone")) {
                throw WebErrors.invalidBody("unknown field '" + name + "': the body may hold only timezone");
            }
        }
        return json;
    }

    private static String timezone(JsonNode body) {
        if (body == null || !body.has("timezone") || body.get("timezone").isNull()) {
            return null;
        }
        JsonNode zone = body.get("timezone");
        String text = zone.isTextual() ? zone.asText() : null;
        try {
            if (text != null && ZoneId.getAvailableZoneIds().contains(text)) {
                return ZoneId.of(text).getId();
            }
        } catch (DateTimeException e) {
            // the same answer as any other unknown zone
        }
        throw WebErrors.invalidBody("timezone must be an IANA time zone id such as Europe/Berlin");
    }

    static RuntimeException kafkaFailed(RuntimeException e, String doing) {
        // Kafka's messages name topics and partitions, never a client.
        log.warn("{} failed: {}", doing, e.toString());
        return WebErrors.kafkaUnavailable();
    }

    static void write(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .result(CanonicalJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
