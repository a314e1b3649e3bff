package org.sleepdelta.ingest.connect.oura;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;

/**
 * Keeps our app's Oura webhook subscriptions alive: one per event type ({@code create}, {@code update},
 * {@code delete}) for {@code sleep} at our callback, created when missing (Oura then runs the challenge handshake
 * against our webhook route) and renewed when it expires within {@link #RENEW_BEFORE}. The subscription API is
 * authenticated with the client id and secret in {@code x-client-id}/{@code x-client-secret}, not a user's token.
 */
final class OuraSubscriptionClient {
    static final List<String> EVENT_TYPES = List.of("create", "update", "delete");
    static final String DATA_TYPE = "sleep";
    /** Renewing well before the end leaves days of retries if Oura is down when we first try. */
    static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private final VendorApp app;
    private final OuraHttp http;
    private final Clock clock;

    OuraSubscriptionClient(VendorApp app, OuraHttp http, Clock clock) {
        this.app = app;
        this.http = http;
        this.clock = clock;
    }

    void ensure(URI callbackUrl, String verificationToken) throws VendorException {
        JsonNode existing =
                OuraHttp.json(http.send(request("").GET().build(), "list subscriptions", false), "list subscriptions");
        if (!existing.isArray()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "oura list subscriptions: not an array");
        }
        for (String eventType : EVENT_TYPES) {
            JsonNode ours = null;
            for (JsonNode s : existing) {
                if (callbackUrl.toString().equals(s.path("callback_url").asText())
                        && eventType.equals(s.path("event_type").asText())
                        && DATA_TYPE.equals(s.path("data_type").asText())) {
                    ours = s;
                }
            }
            if (ours == null) {
                create(callbackUrl, verificationToken, eventType);
            } else if (expiresSoon(ours.path("expiration_time").asText(null))) {
                http.send(
                        request("/renew/" + OuraHttp.encode(ours.path("id").asText()))
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        "renew subscription",
                        false);
            }
        }
    }

    private void create(URI callbackUrl, String verificationToken, String eventType) throws VendorException {
        ObjectNode body = OuraHttp.JSON.createObjectNode();
        body.put("callback_url", callbackUrl.toString());
        body.put("verification_token", verificationToken);
        body.put("event_type", eventType);
        body.put("data_type", DATA_TYPE);
        http.send(
                request("")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                "create subscription",
                false);
    }

    /** Unreadable or absent expiry counts as expiring: renewing is harmless, lapsing is not. */
    private boolean expiresSoon(String expiration) {
        if (expiration == null) {
            return true;
        }
        try {
            return OffsetDateTime.parse(expiration)
                    .toInstant()
                    .isBefore(clock.instant().plus(RENEW_BEFORE));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private HttpRequest.Builder request(String suffix) {
        return OuraHttp.request(app.apiUrl().resolve("/v2/webhook/subscription" + suffix))
                .header("x-client-id", app.clientId())
                .header("x-client-secret", app.clientSecret());
    }
}
