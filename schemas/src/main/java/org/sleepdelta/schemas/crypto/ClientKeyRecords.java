package org.sleepdelta.schemas.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.Topics;

/**
 * The records of {@link Topics#CLIENT_KEYS}: key {@code clinicId/clientId/keyId} (the layout the erasure relies on: it
 * tombstones every key starting with {@code clinicId/clientId/}), value the data key wrapped by a master key, a
 * tombstone once the key is destroyed.
 *
 * <p>Wrapped value: {@code 'S' 'D' 'K'}, version 1, the master key id's length (1 byte) and its ASCII, then AES-GCM
 * (nonce, encrypted 32-byte key, tag) under that master key. The AAD is the header plus the record key, so a wrapped
 * key copied under another client's or key id's record does not open.
 */
public final class ClientKeyRecords {
    private static final byte[] MAGIC = {'S', 'D', 'K'};
    private static final byte VERSION = 1;

    private final String topic;

    public ClientKeyRecords(String topic) {
        this.topic = topic;
    }

    public static ClientKeyRecords onPipelineTopic() {
        return new ClientKeyRecords(Topics.CLIENT_KEYS);
    }

    public String topic() {
        return topic;
    }

    /** {@code clinicId/clientId/keyId}. */
    public static String recordKey(String clientKey, String keyId) {
        return clientKey + "/" + keyId;
    }

    /** The {@code clinicId/clientId} part of a record key, if it has the layout. */
    public static Optional<String> clientOf(String recordKey) {
        int slash = recordKey == null ? -1 : recordKey.lastIndexOf('/');
        if (slash <= 0 || !DataKey.ID.matcher(recordKey.substring(slash + 1)).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClientKey.parse(recordKey.substring(0, slash)).toString());
        } catch (RuntimeException notAClientKey) {
            return Optional.empty();
        }
    }

    /** The record that stores {@code key} for {@code clientKey}, wrapped under the current master key. */
    public ProducerRecord<String, byte[]> record(String clientKey, DataKey key, MasterKeys masterKeys) {
        String recordKey = recordKey(clientKey, key.id());
        return new ProducerRecord<>(topic, recordKey, wrap(recordKey, key, masterKeys.current()));
    }

    static byte[] wrap(String recordKey, DataKey key, MasterKey master) {
        byte[] header = header(master.id());
        byte[] out = new byte[header.length + AesGcm.sealedLength(DataKey.KEY_BYTES)];
        System.arraycopy(header, 0, out, 0, header.length);
        AesGcm.seal(master.secretKey(), aad(header, recordKey), key.encoded(), out, header.length);
        return out;
    }

    /**
     * The data key in a {@link #record}'s value.
     *
     * @throws IllegalStateException naming the master key id when this service does not know it, or the value is not a
     *     wrapped key for this record key (never showing key material)
     */
    public static DataKey unwrap(String recordKey, byte[] value, MasterKeys masterKeys) {
        int slash = recordKey.lastIndexOf('/');
        String keyId = recordKey.substring(slash + 1);
        if (value.length < MAGIC.length + 2
                || value[0] != MAGIC[0]
                || value[1] != MAGIC[1]
                || value[2] != MAGIC[2]
                || value[3] != VERSION) {
            throw new IllegalStateException("a client-keys value is not a wrapped data key of version " + VERSION);
        }
        int idLength = value[4] & 0xff;
        if (value.length < 5 + idLength) {
            throw new IllegalStateException("a client-keys value is truncated");
        }
        String masterId = new String(value, 5, idLength, StandardCharsets.US_ASCII);
        MasterKey master = masterKeys
                .find(masterId)
                .orElseThrow(() -> new IllegalStateException("a data key is wrapped under master key '" + masterId
                        + "', which is not among the configured master keys (master-keys / master-keys-file):"
                        + " keep old master keys listed after a rotation until every data key is re-wrapped"));
        int headerLength = 5 + idLength;
        byte[] header = java.util.Arrays.copyOf(value, headerLength);
        try {
            return new DataKey(keyId, AesGcm.open(master.secretKey(), aad(header, recordKey), value, headerLength));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("a wrapped data key does not open under master key '" + masterId
                    + "': it was altered or moved under another record key");
        }
    }

    /** The id of the master key a value is wrapped under, for re-wrapping after a rotation. */
    public static Optional<String> masterKeyId(byte[] value) {
        if (value == null || value.length < 5 || value[0] != MAGIC[0] || value[3] != VERSION) {
            return Optional.empty();
        }
        int idLength = value[4] & 0xff;
        return value.length < 5 + idLength
                ? Optional.empty()
                : Optional.of(new String(value, 5, idLength, StandardCharsets.US_ASCII));
    }

    private static byte[] header(String masterId) {
        byte[] id = masterId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[5 + id.length];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
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
