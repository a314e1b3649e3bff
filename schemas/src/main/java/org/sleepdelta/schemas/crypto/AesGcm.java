package org.sleepdelta.schemas.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM with a fresh 12-byte random nonce per message and a 128-bit tag. A {@link Cipher} is costly to look up and
 * not thread-safe, so each thread keeps one and re-initialises it per message (which GCM needs anyway: a new nonce).
 */
final class AesGcm {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM/NoPadding", e);
        }
    });

    private AesGcm() {}

    /** Writes nonce then ciphertext+tag into {@code out} from {@code offset}; {@code out} must have the room. */
    static void seal(SecretKey key, byte[] aad, byte[] plaintext, byte[] out, int offset) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, offset, NONCE_BYTES);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad);
            cipher.doFinal(plaintext, 0, plaintext.length, out, offset + NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    static int sealedLength(int plaintextLength) {
        return NONCE_BYTES + plaintextLength + TAG_BYTES;
    }

    /**
     * Opens nonce+ciphertext+tag at {@code in[offset..]}.
     *
     * @throws AEADBadTagException when the key, the AAD or any byte is not what was sealed
     */
    static byte[] open(SecretKey key, byte[] aad, byte[] in, int offset) throws AEADBadTagException {
        if (in.length - offset < NONCE_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("too short for a nonce and a tag");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, in, offset, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(in, offset + NONCE_BYTES, in.length - offset - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
