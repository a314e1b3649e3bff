package org.sleepdelta.ingest.auth;

import java.util.regex.Pattern;

/**
 * The one shape of our API keys: {@code sdk_} and 43 base64url characters (256 random bits, {@link ApiKeyTool}).
 * Anything else presented as a key is refused before any hashing or lookup, so that garbage costs no HMAC and cannot
 * probe the key store.
 */
public final class ApiKeyFormat {
    /** Marks our keys for secret scanners and in a clinic's configuration. */
    public static final String PREFIX = "sdk_";

    static final int RANDOM_CHARS = 43;
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{" + RANDOM_CHARS + "}");

    private ApiKeyFormat() {}

    public static boolean isWellFormed(String presented) {
        return presented != null
                && presented.length() == PREFIX.length() + RANDOM_CHARS
                && KEY.matcher(presented).matches();
    }
}
