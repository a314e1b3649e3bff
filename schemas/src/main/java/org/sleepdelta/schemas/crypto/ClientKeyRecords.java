package org.sleepdelta.schemas.crypto;

import java.util.Optional;
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
    private static final MasterSealed SEALED = new MasterSealed("SDK", "a wrapped data key");

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
        return SEALED.seal(recordKey, key.encoded(), master);
    }

    /**
     * The data key in a {@link #record}'s value.
     *
     * @throws IllegalStateException naming the master key id when this service does not know it, or the value is not a
     *     wrapped key for this record key (never showing key material)
     */
    public static DataKey unwrap(String recordKey, byte[] value, MasterKeys masterKeys) {
        String keyId = recordKey.substring(recordKey.lastIndexOf('/') + 1);
        return new DataKey(keyId, SEALED.open(recordKey, value, masterKeys));
    }

    /** The id of the master key a value is wrapped under, for re-wrapping after a rotation. */
    public static Optional<String> masterKeyId(byte[] value) {
        return SEALED.masterKeyId(value);
    }
}
