package org.sleepdelta.streams;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.sleepdelta.schemas.ClientKey;

/**
 * The views of the clients a task touched most recently, bounded in (estimated) bytes: the least recently used are
 * dropped first. Only a cache: anything not here is read from the stores again, so dropping a view (after a failed
 * record, a sweep, an erasure) is always correct, and a task that is closed, revived or moved starts empty.
 */
final class ClientViews {
    private final long maxBytes;
    private final LinkedHashMap<ClientKey, ClientView> views = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<ClientKey, Long> accounted = new LinkedHashMap<>();
    private long bytes;

    ClientViews(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The client's view, loaded by {@code load} when not held. */
    ClientView get(ClientKey client, Function<ClientKey, ClientView> load) {
        ClientView view = views.get(client);
        if (view == null) {
            view = load.apply(client);
            views.put(client, view);
            account(client, view);
        }
        return view;
    }

    /**
     * After a record: counts the client's view at its new size and drops the least recently used views while over the
     * bound (the record is done, so its own view may go too: with a bound of 0 nothing is kept between records).
     */
    void settle(ClientKey client) {
        ClientView view = views.get(client);
        if (view != null) {
            account(client, view);
        }
        Iterator<Map.Entry<ClientKey, ClientView>> eldest = views.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<ClientKey, ClientView> next = eldest.next();
            eldest.remove();
            bytes -= accounted.remove(next.getKey());
        }
    }

    void forget(ClientKey client) {
        if (views.remove(client) != null) {
            bytes -= accounted.remove(client);
        }
    }

    void clear() {
        views.clear();
        accounted.clear();
        bytes = 0;
    }

    /** Whether the client's view is held (without touching its recency). */
    boolean holds(ClientKey client) {
        return views.containsKey(client);
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return views.size();
    }

    private void account(ClientKey client, ClientView view) {
        long size = view.estimatedBytes();
        Long before = accounted.put(client, size);
        bytes += size - (before == null ? 0 : before);
    }
}
