package org.sleepdelta.schemas.crypto;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 master key and its id. The id travels in every wrapped data key, so that after a rotation each data key
 * still names the master key that opens it. {@link #toString} never shows the key.
 */
public final class MasterKey {
    /** Ids are short and plain, since they are written next to every wrapped key and named in error messages. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    static final int KEY_BYTES = 32;

    private final String id;
    private final SecretKey key;

    MasterKey(String id, byte[] key) {
        if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
            throw new IllegalArgumentException("master key id must match " + ID.pattern() + ", was '" + id + "'");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "master key '" + id + "' must be " + KEY_BYTES + " bytes (AES-256), was " + key.length + " bytes");
        }
        this.id = id;
        this.key = new SecretKeySpec(key, "AES");
    }

    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + ", <secret>]";
    }
}
