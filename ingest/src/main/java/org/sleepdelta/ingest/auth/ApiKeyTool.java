package org.sleepdelta.ingest.auth;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.sleepdelta.schemas.Ids;

/**
 * Creates API keys. The key is shown once, to hand to the clinic; only its HMAC (keyed with the deployment's pepper)
 * goes into the keys file. Meant for {@code ./sleepdelta api-key --clinic <clinicId> [--label ...]}.
 */
public final class ApiKeyTool {
    /** Marks our keys for secret scanners and in a clinic's configuration. */
    static final String PREFIX = ApiKeyFormat.PREFIX;

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

    /** A key with the default scope ({@code write}) and no expiry. */
    public static NewApiKey create(ApiKeyPepper pepper, String clinicId, String label) {
        return create(pepper, clinicId, label, Scope.DEFAULT, null);
    }

    /**
     * @param label   who or what the key is for, or null; one line, without {@code ;} or {@code #}
     * @param scopes  what the key may do, not empty
     * @param expires the day from which (00:00 UTC) the key no longer works, or null
     * @throws IllegalArgumentException for an invalid clinic id, label or scopes
     */
    public static NewApiKey create(
            ApiKeyPepper pepper, String clinicId, String label, Set<Scope> scopes, LocalDate expires) {
        if (!Ids.isValid(clinicId)) {
            throw new IllegalArgumentException("the clinic id must match " + Ids.PATTERN.pattern());
        }
        if (label != null
                && (label.isBlank()
                        || label.matches("(?s).*[;#\\r\\n].*")
                        || label.strip().startsWith("scopes=")
                        || label.strip().startsWith("expires="))) {
            throw new IllegalArgumentException(
                    "the label must be one non-blank line without ';' or '#', not starting with scopes= or expires=");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        String key = newKey();
        String line = ApiKeyLines.HMAC_PREFIX + HexFormat.of().formatHex(pepper.hmac(key)) + " = " + clinicId
                + " scopes=" + Scope.text(scopes)
                + (expires == null ? "" : " expires=" + expires)
                + (label == null ? "" : " " + label.strip());
        return new NewApiKey(key, line);
    }

    /** {@code sdk_} and 256 random bits in base64url: guessing is hopeless, so a fast keyed hash stores it safely. */
    static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A new pepper: 256 random bits in base64url (43 characters), for a pepper file or SLEEPDELTA_API_KEY_PEPPER. */
    public static String newPepper() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
