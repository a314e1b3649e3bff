package org.sleepdelta.ingest.connect.oura;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * Oura's webhook calls (docs/connections/oura.md#webhooks). The subscription handshake is a {@code GET} with our
 * {@code verification_token} and a {@code challenge} to echo as {@code {"challenge": ..}}. A notification is a
 * {@code POST} whose {@code x-oura-signature} is the hex HMAC-SHA256, under our client secret, of
 * {@code x-oura-timestamp} followed by the raw body; it is compared in constant time, and a timestamp further than
 * {@link #TOLERANCE} from now is refused as a replay.
 *
 * <p>{@code create} and {@code update} of a sleep document become {@link Event.Kind#CHANGED} (pulled over the usual
 * lookback: the notification names the document, not its night). {@code delete} becomes {@link Event.Kind#PUSHED}
 * with the payload {@code {"data":[{"id":<object_id>,"type":"deleted"}]}}, which the Oura adapter reads as the
 * withdrawal of {@code oura:<object_id>}: Oura's collection stops listing a deleted document, so no pull could
 * ever tell us about it.
 */
final class OuraWebhook implements VendorWebhook {
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final String clientSecret;
    private final byte[] verificationToken;
    private final Clock clock;

    OuraWebhook(String clientSecret, Clock clock) {
        this.clientSecret = clientSecret;
        this.verificationToken = verificationToken(clientSecret).getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * The {@code verification_token} our subscriptions carry: derived from the client secret, so every instance
     * knows it without another setting, and it reveals nothing of the secret.
     */
    static String verificationToken(String clientSecret) {
        return hmacHex(clientSecret, "sleepdelta oura webhook verification".getBytes(StandardCharsets.UTF_8))
                .substring(0, 32);
    }

    @Override
    public Reply handle(Request request) {
        return switch (request.method()) {
            case "GET" -> handshake(request);
            case "POST" -> notification(request);
            default -> Reply.refused(405, "method_not_allowed");
        };
    }

    private Reply handshake(Request request) {
        String token = request.query().get("verification_token");
        String challenge = request.query().get("challenge");
        if (token == null || challenge == null) {
            return Reply.refused(400, "missing_challenge");
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), verificationToken)) {
            return Reply.refused(401, "bad_verification_token");
        }
        ObjectNode answer = OuraHttp.JSON.createObjectNode();
        answer.put("challenge", challenge);
        return Reply.handshake(200, "application/json", answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Reply notification(Request request) {
        String signature = request.header("x-oura-signature");
        String timestamp = request.header("x-oura-timestamp");
        if (signature == null || timestamp == null) {
            return Reply.refused(401, "missing_signature");
        }
        byte[] signed = new byte[timestamp.length() + request.body().length];
        byte[] stamp = timestamp.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(stamp, 0, signed, 0, stamp.length);
        System.arraycopy(request.body(), 0, signed, stamp.length, request.body().length);
        byte[] expected = hmacHex(clientSecret, signed).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            return Reply.refused(401, "bad_signature");
        }
        Instant sent = sentAt(timestamp);
        if (sent == null || Duration.between(sent, clock.instant()).abs().compareTo(TOLERANCE) > 0) {
            return Reply.refused(401, "stale_timestamp");
        }
        JsonNode body;
        try {
            body = OuraHttp.JSON.readTree(request.body());
        } catch (IOException e) {
            return Reply.refused(400, "unreadable_body");
        }
        if (body == null || !body.isObject()) {
            return Reply.refused(400, "unreadable_body");
        }
        if (!"sleep".equals(body.path("data_type").asText())) {
            return Reply.accepted(List.of()); // subscribed to sleep only; anything else is not ours to act on
        }
        String userId = body.path("user_id").asText("");
        if (userId.isEmpty()) {
            return Reply.refused(400, "missing_user_id");
        }
        switch (body.path("event_type").asText()) {
            case "create":
            case "update":
                return Reply.accepted(List.of(new Event(userId, Event.Kind.CHANGED, null, null, null)));
            case "delete":
                String objectId = body.path("object_id").asText("");
                if (objectId.isEmpty()) {
                    return Reply.refused(400, "missing_object_id");
                }
                return Reply.accepted(List.of(new Event(userId, Event.Kind.PUSHED, null, null, deletion(objectId))));
            default:
                return Reply.refused(400, "unknown_event_type");
        }
    }

    /** The Oura adapter's input that withdraws one document. */
    static byte[] deletion(String documentId) {
        ObjectNode payload = OuraHttp.JSON.createObjectNode();
        ObjectNode document = payload.putArray("data").addObject();
        document.put("id", documentId);
        document.put("type", "deleted");
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Unix seconds as documented; a 13-digit value is read as milliseconds, in case Oura sends those. */
    private static Instant sentAt(String timestamp) {
        try {
            long value = Long.parseLong(timestamp.trim());
            return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static String hmacHex(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
