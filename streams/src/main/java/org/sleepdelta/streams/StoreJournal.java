package org.sleepdelta.streams;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The undo log of the store writes made while one record is processed. Processing a record reads and writes several
 * stores in turn; should it fail half-way (a bug that bad data reaches, say), the record is rejected and this puts
 * every store back as it was before the record, so the state never holds half of a record. Writes made outside a
 * record (the retention sweep) are not journaled.
 */
final class StoreJournal {
    private final List<Runnable> undo = new ArrayList<>();
    private final Set<String> remembered = new HashSet<>();
    private boolean open;

    /** From now until {@link #commit} or {@link #rollBack}, every first write of a key is remembered. */
    void begin() {
        undo.clear();
        remembered.clear();
        open = true;
    }

    /** Called by a {@link JournaledStore} before it writes {@code key}, with the value the key holds now (or null). */
    <V> void beforeWrite(JournaledStore<V> store, String key, V previous) {
        if (open && remembered.add(store.name() + '\u0000' + key)) {
            undo.add(() -> store.restore(key, previous));
        }
    }

    /** The record's writes stand. */
    void commit() {
        open = false;
        undo.clear();
        remembered.clear();
    }

    /** Puts back every key written since {@link #begin}, newest first. */
    void rollBack() {
        open = false;
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
        remembered.clear();
    }
}
