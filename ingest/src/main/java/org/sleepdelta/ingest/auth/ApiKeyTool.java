package org.sleepdelta.ingest.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.sleepdelta.schemas.Ids;

/**
 * Creates API keys. The key is shown once, to hand to the clinic; only its hash goes into the keys file. Meant for
 * {@code ./sleepdelta api-key <clinicId> [label]}.
 */
public final class ApiKeyTool {
    /** Marks our keys in logs of secret scanners and in a clinic's configuration. */
    static final String PREFIX = "sdk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param key           the secret to give the clinic (shown once; we cannot recover it)
     * @param keysFileLine  the line to add to the API keys file (or to {@code SLEEPDELTA_API_KEYS})
     */
    public record NewApiKey(String key, String keysFileLine) {
        @Override
        public String toString() {
            return "NewApiKey[key=<secret>, keysFileLine=" + keysFileLine + "]";
        }
    }

    private ApiKeyTool() {}

    /**
     * @param label who or what the key is for, or null; one line, without {@code ;} or {@code #}
     * @throws IllegalArgumentException for an invalid clinic id or label
     */
    public static NewApiKey create(String clinicId, String label) {
        if (!Ids.isValid(clinicId)) {
            throw new IllegalArgumentException("the clinic id must match " + Ids.PATTERN.pattern());
        }
        if (label != null && (label.isBlank() || label.matches("(?s).*[;#\\r\\n].*"))) {
            throw new IllegalArgumentException("the label must be one non-blank line without ';' or '#'");
        }
        byte[] secret = new byte[32]; // 256 bits: guessing is hopeless, so a plain SHA-256 is a safe way to store it
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = ApiKeyHash.sha256Hex(key) + " = " + clinicId + (label == null ? "" : " " + label.strip());
        return new NewApiKey(key, line);
    }
}
