package org.sleepdelta.schemas.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * Small secrets sealed directly under a master key, bound to the record key they are stored under: wrapped data keys
 * ({@code SDK}) and vendor connections with their OAuth tokens ({@code SDC}, {@code SDR}).
 *
 * <p>Layout: three magic bytes naming the kind, version 1, the master key id's length (1 byte) and its ASCII, then
 * AES-GCM (nonce, ciphertext, tag) under that master key. The AAD is the header plus the record key, so a value copied
 * under another record key, or relabelled as another kind, does not open.
 */
public final class MasterSealed {
    private static final byte VERSION = 1;
    private static final int MAGIC_BYTES = 3;

    private final byte[] magic;
    private final String kind;

    /**
     * @param magic three ASCII letters naming what is sealed
     * @param kind  what is sealed, in words, for error messages ("a wrapped data key")
     */
    public MasterSealed(String magic, String kind) {
        if (magic.length() != MAGIC_BYTES) {
            throw new IllegalArgumentException("magic must be " + MAGIC_BYTES + " letters");
        }
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.kind = kind;
    }

    /** {@code plaintext} sealed under the current master key, bound to {@code recordKey}. */
    public byte[] seal(String recordKey, byte[] plaintext, MasterKeys masterKeys) {
        return seal(recordKey, plaintext, masterKeys.current());
    }

    byte[] seal(String recordKey, byte[] plaintext, MasterKey master) {
        byte[] header = header(master.id());
        byte[] out = new byte[header.length + AesGcm.sealedLength(plaintext.length)];
        System.arraycopy(header, 0, out, 0, header.length);
        AesGcm.seal(master.secretKey(), aad(header, recordKey), plaintext, out, header.length);
        return out;
    }

    /**
     * The plaintext of a {@link #seal}ed value.
     *
     * @throws IllegalStateException naming the master key id when this service does not know it, or when the value is
     *     not of this kind, or was altered or moved under another record key (never showing key material)
     */
    public byte[] open(String recordKey, byte[] value, MasterKeys masterKeys) {
        if (!isOfKind(value)) {
            throw new IllegalStateException("a value is not " + kind + " of version " + VERSION);
        }
        int idLength = value[4] & 0xff;
        if (value.length < 5 + idLength) {
            throw new IllegalStateException(kind + " is truncated");
        }
        String masterId = new String(value, 5, idLength, StandardCharsets.US_ASCII);
        MasterKey master = masterKeys
                .find(masterId)
                .orElseThrow(() -> new IllegalStateException(kind + " is sealed under master key '" + masterId
                        + "', which is not among the configured master keys (master-keys / master-keys-file):"
                        + " keep old master keys listed after a rotation until every value is re-sealed"));
        int headerLength = 5 + idLength;
        byte[] header = Arrays.copyOf(value, headerLength);
        try {
            return AesGcm.open(master.secretKey(), aad(header, recordKey), value, headerLength);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(kind + " does not open under master key '" + masterId
                    + "': it was altered or moved under another record key");
        }
    }

    /** Whether {@code value} starts with this kind's magic and version. */
    public boolean isOfKind(byte[] value) {
        return value != null
                && value.length >= MAGIC_BYTES + 2
                && value[0] == magic[0]
                && value[1] == magic[1]
                && value[2] == magic[2]
                && value[3] == VERSION;
    }

    /** The id of the master key a value is sealed under, for re-sealing after a rotation. */
    public Optional<String> masterKeyId(byte[] value) {
        if (!isOfKind(value)) {
            return Optional.empty();
        }
        int idLength = value[4] & 0xff;
        return value.length < 5 + idLength
                ? Optional.empty()
                : Optional.of(new String(value, 5, idLength, StandardCharsets.US_ASCII));
    }

    private byte[] header(String masterId) {
        byte[] id = masterId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[5 + id.length];
        System.arraycopy(magic, 0, header, 0, MAGIC_BYTES);
        header[3] = VERSION;
        header[4] = (byte) id.length;
        System.arraycopy(id, 0, header, 5, id.length);
        return header;
    }

    private static byte[] aad(byte[] header, String recordKey) {
        byte[] key = recordKey.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[header.length + key.length];
        System.arraycopy(header, 0, aad, 0, header.length);
        System.arraycopy(key, 0, aad, header.length, key.length);
        return aad;
    }
}
