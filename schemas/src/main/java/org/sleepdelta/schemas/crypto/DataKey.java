package org.sleepdelta.schemas.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One client's AES-256 data key and its id. The id is random, so two ingest instances that each create a key for the
 * same client at once get two distinct keys ({@code client-keys} holds both), and every ciphertext names its own.
 * {@link #toString} never shows the key.
 */
public final class DataKey {
    /** 16 hex characters, as generated; parsing accepts this shape only, so ids never need escaping. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final SecretKey key;

    DataKey(String id, byte[] key) {
        if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
            throw new IllegalArgumentException("data key id must be 16 lower-case hex characters");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key must be " + KEY_BYTES + " bytes, was " + key.length);
        }
        this.id = id;
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A new random key with a new random id. */
    public static DataKey generate() {
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new DataKey(HexFormat.of().formatHex(idBytes), key);
    }

    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    byte[] encoded() {
        return key.getEncoded();
    }

    @Override
    public String toString() {
        return "DataKey[" + id + ", <secret>]";
    }
}
