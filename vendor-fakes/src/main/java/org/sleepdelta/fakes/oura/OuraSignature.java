package org.sleepdelta.fakes.oura;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sleepdelta.fakes.WebhookSender;

/**
 * How Oura signs a webhook call: {@code x-oura-signature} is the upper-case hex HMAC-SHA256, keyed with the app's
 * client secret, of the {@code x-oura-timestamp} value (Unix seconds) followed by the raw body.
 */
public final class OuraSignature {
    private OuraSignature() {}

    public static String sign(String clientSecret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body)).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookSender.Answer send(
            WebhookSender sender, URI callbackUrl, ObjectNode notification, long epochSecond, String secret) {
        byte[] body;
        try {
            body = FakeOura.JSON.writeValueAsBytes(notification);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String timestamp = Long.toString(epochSecond);
        return sender.send(
                "POST",
                callbackUrl,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "x-oura-timestamp",
                        timestamp,
                        "x-oura-signature",
                        sign(secret, timestamp, body)),
                body);
    }
}
