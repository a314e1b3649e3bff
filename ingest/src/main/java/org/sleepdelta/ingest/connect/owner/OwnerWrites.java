package org.sleepdelta.ingest.connect.owner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;

/**
 * Writes a connection's new state and keeps the owner's view in step with what committed: a write that did not commit
 * changes nothing here ({@link OwnerLost} ends the session, and its state with it).
 */
final class OwnerWrites {
    private final OwnerTransactions transactions;
    private final OwnedConnections owned;
    /** Per partition, the offset of the next request to apply, committed with every transaction of the partition. */
    private final Map<Integer, Long> requestOffsets = new HashMap<>();

    OwnerWrites(OwnerTransactions transactions, OwnedConnections owned) {
        this.transactions = transactions;
        this.owned = owned;
    }

    OwnedConnections owned() {
        return owned;
    }

    void requestsFrom(int partition, long offset) {
        requestOffsets.put(partition, offset);
    }

    void drop(int partition) {
        requestOffsets.remove(partition);
        owned.drop(partition);
    }

    /** The state after a pull or refresh, with the pulled records (none for a refresh). */
    void write(int partition, List<ProducerRecord<String, byte[]>> records, Connection state) {
        transactions.commit(partition, records, state.key(), state, offset(partition));
        owned.committed(partition, state.key(), state);
    }

    /**
     * The outcome of applying the request at {@code requestOffset}: the new state, a tombstone ({@code state} null), or
     * only the offset ({@code key} null).
     */
    void applied(int partition, long requestOffset, ConnectionKey key, Connection state) {
        transactions.commit(partition, List.of(), key, state, requestOffset + 1);
        requestOffsets.put(partition, requestOffset + 1);
        if (key != null) {
            owned.committed(partition, key, state);
        }
    }

    private long offset(int partition) {
        Long offset = requestOffsets.get(partition);
        if (offset == null) {
            throw new OwnerLost("partition " + partition + " is no longer this owner's", null);
        }
        return offset;
    }
}
