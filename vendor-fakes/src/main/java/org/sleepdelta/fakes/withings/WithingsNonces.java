package org.sleepdelta.fakes.withings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sleepdelta.fakes.FakeExchange;

/**
 * Withings' request signatures: {@code action=getnonce} on {@code /v2/signature} is signed over
 * {@code action,client_id,timestamp}, and signed actions (such as {@code revoke}) over
 * {@code action,client_id,nonce}: the values of those parameters in the order of their sorted names, joined by commas,
 * HMAC-SHA256 keyed with the client secret, as lower-case hex. A nonce works once.
 */
final class WithingsNonces {
    private static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(10);

    private final Clock clock;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Boolean> live = new ConcurrentHashMap<>();

    WithingsNonces(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    Optional<String> issue(FakeExchange exchange) {
        String timestamp = exchange.parameter("timestamp");
        if (!clientId.equals(exchange.parameter("client_id")) || timestamp == null) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
            if (Duration.between(at, clock.instant()).abs().compareTo(TIMESTAMP_TOLERANCE) > 0) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!matches(exchange.parameter("signature"), "getnonce," + clientId + "," + timestamp)) {
            return Optional.empty();
        }
        String nonce = UUID.randomUUID().toString().replace("-", "");
        live.put(nonce, Boolean.TRUE);
        return Optional.of(nonce);
    }

    boolean verify(FakeExchange exchange, String action) {
        String nonce = exchange.parameter("nonce");
        if (!clientId.equals(exchange.parameter("client_id")) || nonce == null || live.remove(nonce) == null) {
            return false;
        }
        return matches(exchange.parameter("signature"), action + "," + clientId + "," + nonce);
    }

    private boolean matches(String presented, String data) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII),
                sign(clientSecret, data).getBytes(StandardCharsets.US_ASCII));
    }

    static String sign(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
