package org.sleepdelta.ingest.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server-side secret that API key hashes are keyed with: stored keys are {@code HMAC-SHA-256(pepper, key)}, so a
 * copy of the keys file alone (a backup, a repository, a support ticket) cannot be used to check guesses, and a
 * hash from one deployment means nothing in another. It comes from a file ({@code api-key-pepper-file}) or the
 * environment ({@code SLEEPDELTA_API_KEY_PEPPER}), never from beside the keys file; it is the text's UTF-8 bytes,
 * without surrounding white space, and at least {@value #MIN_BYTES} of them.
 */
public final class ApiKeyPepper {
    public static final int MIN_BYTES = 32;
    static final long MAX_FILE_BYTES = 4096;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private ApiKeyPepper(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** @throws IllegalArgumentException when shorter than {@value #MIN_BYTES} bytes (the message quotes nothing) */
    public static ApiKeyPepper of(String text) {
        byte[] bytes = text.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("the API key pepper must be at least " + MIN_BYTES
                    + " bytes (e.g. the output of 'openssl rand -base64 32'); it has " + bytes.length);
        }
        return new ApiKeyPepper(bytes);
    }

    /** @throws IllegalArgumentException when the file cannot be read, is too large, or holds too short a pepper */
    public static ApiKeyPepper readFile(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(
                        "the API key pepper file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the API key pepper file " + file + ": " + e, e);
        }
    }

    public byte[] hmac(String presentedKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(presentedKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeyPepper[<secret>]";
    }
}
