package org.sleepdelta.ingest.connect.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * Google Health API webhook calls, as its subscriber documentation describes them:
 *
 * <ul>
 *   <li>endpoint verification: {@code POST {"type":"verification"}}, answered 201 when the {@code Authorization} header
 *       is the subscriber's secret and 401 when it is absent or wrong;
 *   <li>notifications: {@code POST {"data": {"healthUserId", "dataType", "operation", "civilIso8601TimeInterval":
 *       {"startTime", "endTime"}}}} (or an array of them), accepted with 204. A {@code sleep} notification, UPSERT or
 *       DELETE, becomes a CHANGED event for the civil dates it names; other data types are acknowledged and ignored.
 * </ul>
 *
 * Every call must carry the secret ({@link WebhookAuthorization}), compared in constant time. Google also signs the
 * body (ECDSA P-256, {@code X-HEALTHAPI-SIGNATURE}) with a key its reference does not publish: when a key is
 * configured the signature is required and checked as base64 DER SHA256withECDSA; without one it is not checked.
 */
final class GoogleHealthWebhook implements VendorWebhook {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] expectedAuthorization;
    private final PublicKey signingKey;

    GoogleHealthWebhook(String clientSecret, PublicKey signingKey) {
        this.expectedAuthorization =
                WebhookAuthorization.forClientSecret(clientSecret).getBytes(StandardCharsets.UTF_8);
        this.signingKey = signingKey;
    }

    @Override
    public Reply handle(Request request) {
        if (!"POST".equals(request.method())) {
            return Reply.refused(405, "method_not_allowed");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return Reply.refused(400, "unreadable_body");
        }
        if (body == null || !authorized(request.header("authorization"))) {
            return Reply.refused(401, "bad_authorization");
        }
        if ("verification".equals(body.path("type").asText(null))) {
            return Reply.handshake(201, null, null);
        }
        if (signingKey != null && !signedByGoogle(request)) {
            return Reply.refused(401, "bad_signature");
        }
        try {
            return Reply.accepted(events(body));
        } catch (IllegalArgumentException e) {
            return Reply.refused(400, "bad_notification");
        }
    }

    private boolean authorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private boolean signedByGoogle(Request request) {
        String header = request.header("x-healthapi-signature");
        if (header == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(signingKey);
            verifier.update(request.body());
            return verifier.verify(Base64.getDecoder().decode(header.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Event> events(JsonNode body) {
        List<Event> events = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(notification -> event(notification, events));
        } else {
            event(body, events);
        }
        return events;
    }

    private static void event(JsonNode notification, List<Event> events) {
        JsonNode data = notification.path("data");
        if (!data.isObject()) {
            throw new IllegalArgumentException("a notification has a data object");
        }
        if (!"sleep".equals(data.path("dataType").asText(null))) {
            return;
        }
        String user = data.path("healthUserId").asText("");
        if (user.isBlank()) {
            throw new IllegalArgumentException("a notification names its user");
        }
        JsonNode interval = data.path("civilIso8601TimeInterval");
        events.add(new Event(
                user,
                Event.Kind.CHANGED,
                civilDate(interval.path("startTime")),
                civilDate(interval.path("endTime")),
                null));
    }

    /** The date of a civil ISO 8601 time ({@code 2026-03-01T23:10:00}); null when absent. */
    private static LocalDate civilDate(JsonNode time) {
        String text = time.asText("");
        if (text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a civil time starts with its date", e);
        }
    }
}
