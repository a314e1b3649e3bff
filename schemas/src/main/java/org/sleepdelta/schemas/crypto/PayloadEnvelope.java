package org.sleepdelta.schemas.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * A record value encrypted under its client's data key: {@code 'S' 'D' 'E'}, version 1, the 16-character key id
 * (ASCII), then AES-256-GCM (12-byte random nonce, ciphertext, 16-byte tag).
 *
 * <p>The magic tells an envelope from plain Avro single-object bytes, which start {@code 0xC3 0x01}, so old plaintext
 * records still decode. The AAD is the header plus the record key ({@code clinicId/clientId}): a ciphertext copied
 * under another client's key, or with another key id, does not open, and neither does one with any byte changed.
 */
public final class PayloadEnvelope {
    private static final byte[] MAGIC = {'S', 'D', 'E'};
    private static final byte VERSION = 1;
    private static final int KEY_ID_BYTES = 16;
    private static final int HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES;

    private PayloadEnvelope() {}

    /** Whether the value is an envelope (of any version: an unknown version is refused when opened, not decoded). */
    public static boolean isSealed(byte[] value) {
        return value != null
                && value.length >= MAGIC.length
                && value[0] == MAGIC[0]
                && value[1] == MAGIC[1]
                && value[2] == MAGIC[2];
    }

    public static byte[] seal(DataKey key, String recordKey, byte[] plaintext) {
        byte[] out = new byte[HEADER_BYTES + AesGcm.sealedLength(plaintext.length)];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[MAGIC.length] = VERSION;
        System.arraycopy(key.id().getBytes(StandardCharsets.US_ASCII), 0, out, MAGIC.length + 1, KEY_ID_BYTES);
        AesGcm.seal(key.secretKey(), aad(out, recordKey), plaintext, out, HEADER_BYTES);
        return out;
    }

    /**
     * The id of the data key an envelope is sealed with.
     *
     * @throws IllegalArgumentException when it is not an envelope of a known version
     */
    public static String keyId(byte[] sealed) {
        if (!isSealed(sealed) || sealed.length < HEADER_BYTES || sealed[MAGIC.length] != VERSION) {
            throw new IllegalArgumentException("not an encrypted payload of version " + VERSION);
        }
        String id = new String(sealed, MAGIC.length + 1, KEY_ID_BYTES, StandardCharsets.US_ASCII);
        if (!DataKey.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an encrypted payload's key id is malformed");
        }
        return id;
    }

    /**
     * @throws AEADBadTagException when {@code key} is not the one it was sealed with, {@code recordKey} is not the one
     *     it was sealed under, or any byte was changed
     */
    public static byte[] open(DataKey key, String recordKey, byte[] sealed) throws AEADBadTagException {
        if (!keyId(sealed).equals(key.id())) {
            throw new AEADBadTagException("sealed with another data key");
        }
        return AesGcm.open(key.secretKey(), aad(sealed, recordKey), sealed, HEADER_BYTES);
    }

    private static byte[] aad(byte[] withHeader, String recordKey) {
        byte[] key = recordKey == null ? new byte[0] : recordKey.getBytes(StandardCharsets.UTF_8);
        byte[] aad = Arrays.copyOf(withHeader, HEADER_BYTES + key.length);
        System.arraycopy(key, 0, aad, HEADER_BYTES, key.length);
        return aad;
    }
}
