package org.sleepdelta.ingest.connect.withings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;

/**
 * Withings' request signatures, which the {@code revoke} action needs: a single-use nonce from
 * {@code v2/signature?action=getnonce} (signed over {@code action,client_id,timestamp}), then the action signed over
 * {@code action,client_id,nonce} — the parameters' values in the order of their sorted names, joined by commas,
 * HMAC-SHA256 under the client secret, lower-case hex.
 */
final class WithingsSigner {
    private final VendorApp app;
    private final WithingsHttp http;
    private final Clock clock;

    WithingsSigner(VendorApp app, WithingsHttp http, Clock clock) {
        this.app = app;
        this.http = http;
        this.clock = clock;
    }

    String nonce() throws VendorException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "getnonce");
        form.put("client_id", app.clientId());
        form.put("timestamp", timestamp);
        form.put("signature", hmac("getnonce," + app.clientId() + "," + timestamp));
        String nonce = http.post(app.apiUrl().resolve("/v2/signature"), form, null, "getnonce", false)
                .body()
                .path("nonce")
                .asText("");
        if (nonce.isEmpty()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "withings getnonce: no nonce");
        }
        return nonce;
    }

    String sign(String action, String nonce) {
        return hmac(action + "," + app.clientId() + "," + nonce);
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(app.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
