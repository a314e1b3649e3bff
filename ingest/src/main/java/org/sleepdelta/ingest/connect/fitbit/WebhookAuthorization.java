package org.sleepdelta.ingest.connect.fitbit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Authorization} value Google sends with every webhook call: the {@code endpointAuthorization.secret} we
 * register the subscriber with. Derived from our OAuth client secret, so there is no further secret to configure and
 * the client secret itself never travels in a header: {@code Bearer base64url(HMAC-SHA256(client secret,
 * "sleepdelta google-health webhook"))}. docs/connections/fitbit.md shows how to compute it with openssl.
 */
public final class WebhookAuthorization {
    static final String PURPOSE = "sleepdelta google-health webhook";

    private WebhookAuthorization() {}

    public static String forClientSecret(String clientSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = mac.doFinal(PURPOSE.getBytes(StandardCharsets.UTF_8));
            return "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
