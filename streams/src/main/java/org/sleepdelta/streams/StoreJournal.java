package org.sleepdelta.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The undo log of the store writes made while one record is processed. Processing a record reads and writes several
 * stores in turn; should it fail half-way (a bug that bad data reaches, say), the record is rejected and this puts
 * every store back as it was before the record, so the state never holds half of a record. Writes made outside a
 * record (the retention sweep) are not journaled.
 */
final class StoreJournal {
    private final List<Runnable> undo = new ArrayList<>();
    private final Set<String> remembered = new HashSet<>();
    /** Values read in this record from keys not yet written: what they held before the record. */
    private final Map<String, Object> readBeforeWrite = new HashMap<>();

    private boolean open;

    /** From now until {@link #commit} or {@link #rollBack}, every first write of a key is remembered. */
    void begin() {
        undo.clear();
        remembered.clear();
        readBeforeWrite.clear();
        open = true;
    }

    /**
     * Called by a {@link JournaledStore} after it read {@code key}: processing reads a key just before it writes it,
     * and reusing that value spares a second read (and Avro decoding) of it per write. Safe because the topology
     * never changes a value it read (it builds new ones), so the object still is what the store held.
     */
    void read(JournaledStore<?> store, String key, Object value) {
        if (open) {
            String id = id(store, key);
            if (!remembered.contains(id)) {
                readBeforeWrite.put(id, value);
            }
        }
    }

    /** Called by a {@link JournaledStore} before it writes {@code key}; {@code current} reads what it holds now. */
    @SuppressWarnings("unchecked")
    <V> void beforeWrite(JournaledStore<V> store, String key, Supplier<V> current) {
        if (!open) {
            return;
        }
        String id = id(store, key);
        if (remembered.add(id)) {
            V previous = readBeforeWrite.containsKey(id) ? (V) readBeforeWrite.remove(id) : current.get();
            undo.add(() -> store.restore(key, previous));
        }
    }

    private static String id(JournaledStore<?> store, String key) {
        return store.name() + '\u0000' + key;
    }

    /** The record's writes stand. */
    void commit() {
        open = false;
        undo.clear();
        remembered.clear();
        readBeforeWrite.clear();
    }

    /** Puts back every key written since {@link #begin}, newest first. */
    void rollBack() {
        open = false;
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
        remembered.clear();
        readBeforeWrite.clear();
    }
}
