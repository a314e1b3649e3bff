package org.sleepdelta.streams;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A key-value store whose writes go through a {@link StoreJournal}, so that a failed record's writes can be undone. */
final class JournaledStore<V> {
    private final KeyValueStore<String, V> store;
    private final StoreJournal journal;

    JournaledStore(KeyValueStore<String, V> store, StoreJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    String name() {
        return store.name();
    }

    V get(String key) {
        V value = store.get(key);
        journal.read(this, key, value);
        return value;
    }

    void put(String key, V value) {
        journal.beforeWrite(this, key, () -> store.get(key));
        store.put(key, value);
    }

    void delete(String key) {
        journal.beforeWrite(this, key, () -> store.get(key));
        store.delete(key);
    }

    KeyValueIterator<String, V> range(String from, String to) {
        return store.range(from, to);
    }

    KeyValueIterator<String, V> reverseRange(String from, String to) {
        return store.reverseRange(from, to);
    }

    KeyValueIterator<String, V> all() {
        return store.all();
    }

    /** Undoes a write: the key gets {@code previous} back, or is deleted when it held nothing. */
    void restore(String key, V previous) {
        if (previous == null) {
            store.delete(key);
        } else {
            store.put(key, previous);
        }
    }
}
