package org.sleepdelta.schemas.crypto;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * Hands out each client's data key to a producer of input records, creating one when the client has none yet (or its
 * key was destroyed) and sending the wrapped key to {@code client-keys} on that same producer.
 *
 * <p>A new key is only reused by later writes once its record is durable: after the caller's transaction committed
 * ({@link Transaction#committed}), or once acknowledged ({@link #keyForAcknowledged}). Otherwise an aborted
 * transaction would leave records sealed with a key that was never stored.
 */
public final class ClientKeyWriter {
    private final ClientKeyRecords records;
    private final MasterKeys masterKeys;
    private final BiPredicate<String, String> destroyed;
    private final Map<String, DataKey> live = new ConcurrentHashMap<>();

    /** @param destroyed whether a tombstone destroyed {@code (clientKey, keyId)}, e.g. {@link ClientKeyDirectory#isDestroyed} */
    public ClientKeyWriter(ClientKeyRecords records, MasterKeys masterKeys, BiPredicate<String, String> destroyed) {
        this.records = records;
        this.masterKeys = masterKeys;
        this.destroyed = destroyed;
    }

    /** The keys used within one transaction of {@code producer}, which the caller has begun. */
    public Transaction begin(Producer<String, byte[]> producer) {
        return new Transaction(producer);
    }

    /**
     * For a producer without transactions: a new key's record is sent and acknowledged before the key is returned, so
     * it is in the log before any record sealed with it.
     *
     * @throws KafkaException when the key record is not acknowledged
     */
    public synchronized DataKey keyForAcknowledged(String clientKey, Producer<String, byte[]> producer) {
        DataKey key = liveKey(clientKey);
        if (key != null) {
            return key;
        }
        key = DataKey.generate();
        try {
            producer.send(records.record(clientKey, key, masterKeys)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while storing a client data key", e);
        } catch (ExecutionException e) {
            throw new KafkaException("storing a client data key failed", e.getCause());
        }
        live.put(clientKey, key);
        return key;
    }

    private DataKey liveKey(String clientKey) {
        DataKey key = live.get(clientKey);
        if (key != null && destroyed.test(clientKey, key.id())) {
            live.remove(clientKey, key);
            return null;
        }
        return key;
    }

    /** Not thread-safe: one per transaction, as a transactional producer is used by one thread at a time. */
    public final class Transaction {
        private final Producer<String, byte[]> producer;
        private final Map<String, DataKey> created = new HashMap<>();

        private Transaction(Producer<String, byte[]> producer) {
            this.producer = producer;
        }

        /** The client's key; a new one's wrapped record is sent in this transaction. */
        public DataKey keyFor(String clientKey) {
            DataKey key = created.get(clientKey);
            if (key == null) {
                key = liveKey(clientKey);
            }
            if (key == null) {
                key = DataKey.generate();
                producer.send(records.record(clientKey, key, masterKeys));
                created.put(clientKey, key);
            }
            return key;
        }

        /** Call after the commit returned: the keys created here may now be reused. */
        public void committed() {
            created.forEach(live::putIfAbsent);
        }
    }
}
