package org.sleepdelta.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.NightKey;

/** Deletes every store entry of one client, and says which output keys the client has or had. */
final class ClientEraser {
    /**
     * What one erasure found.
     *
     * @param storeEntries  entries deleted, over all stores
     * @param dashboardKeys every dashboard key the client has or had, already tombstoned ones included
     * @param nightlyKeys   every nightly key the client has or had, already tombstoned ones included
     */
    record Erasure(int storeEntries, SortedSet<String> dashboardKeys, SortedSet<String> nightlyKeys) {
        int tombstones() {
            return dashboardKeys.size() + nightlyKeys.size();
        }
    }

    private final ClientState state;

    ClientEraser(ClientState state) {
        this.state = state;
    }

    Erasure erase(ClientKey client) {
        String from = StoreKeys.clientPrefix(client);
        String to = from + StoreKeys.END;
        SortedSet<String> dashboard = new TreeSet<>();
        SortedSet<String> nightly = new TreeSet<>();
        // Three places know output keys, read before anything goes: the output-key list (everything written since it
        // exists, swept or not), what the dashboard last received (a tombstoned key keeps its entry there), and the
        // live nights (nights written before the output-key list existed).
        for (KeyValue<String, String> kv : entries(state.outputKeys, from, to)) {
            (ClientState.NIGHTLY.equals(kv.value) ? nightly : dashboard).add(kv.key);
        }
        for (KeyValue<String, EmittedState> kv : entries(state.emitted, from, to)) {
            dashboard.add(kv.key);
        }
        for (KeyValue<String, ?> kv : entries(state.sleepByNight, from, to)) {
            nightly.add(NightKey.of(client, StoreKeys.nightOfSleepKey(kv.key)).toString());
        }
        int deleted = 0;
        for (JournaledStore<?> store : state.clientStores()) {
            deleted += deleteRange(store, from, to);
        }
        // The data clock is keyed by the client itself, without the trailing '/'.
        if (state.clientClock.get(client.toString()) != null) {
            state.clientClock.delete(client.toString());
            deleted++;
        }
        return new Erasure(deleted, dashboard, nightly);
    }

    /** Collects first and deletes after: a RocksDB iterator must not see the deletes it is walking over. */
    private static int deleteRange(JournaledStore<?> store, String from, String to) {
        List<String> keys = new ArrayList<>();
        for (KeyValue<String, ?> kv : entries(store, from, to)) {
            keys.add(kv.key);
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    private static <V> List<KeyValue<String, V>> entries(JournaledStore<V> store, String from, String to) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(from, to)) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
