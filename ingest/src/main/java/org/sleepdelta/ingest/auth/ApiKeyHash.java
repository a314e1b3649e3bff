package org.sleepdelta.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hex and constant-time comparison of stored key digests, and the plain SHA-256 of legacy key lines. New lines are
 * HMAC-SHA-256 keyed with a pepper ({@link ApiKeyPepper}).
 *
 * <p>A fast hash is enough here, unlike for passwords: our keys are 256 random bits ({@link ApiKeyTool}), so nobody
 * can guess a key from its hash by trying candidates, and a slow hash (bcrypt, Argon2) would only cost every request
 * milliseconds of CPU. Whoever reads the keys file learns hashes that authenticate nobody.
 */
public final class ApiKeyHash {
    private static final HexFormat HEX = HexFormat.of();

    private ApiKeyHash() {}

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String sha256Hex(String key) {
        return HEX.formatHex(sha256(key));
    }

    static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    /** Compares in time independent of where the first difference is. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
