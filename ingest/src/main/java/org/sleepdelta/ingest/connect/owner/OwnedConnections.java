package org.sleepdelta.ingest.connect.owner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionStatus;

/**
 * The state of the connections in the partitions this owner holds, as last committed: the owner is the only writer of
 * its partitions, so what it committed is what the topic says. Used by the owner's thread only.
 */
final class OwnedConnections {
    private final Map<Integer, Map<ConnectionKey, Connection>> byPartition = new HashMap<>();

    void own(int partition, Map<ConnectionKey, Connection> restored) {
        byPartition.put(partition, new HashMap<>(restored));
    }

    void drop(int partition) {
        byPartition.remove(partition);
    }

    void clear() {
        byPartition.clear();
    }

    boolean owns(int partition) {
        return byPartition.containsKey(partition);
    }

    Connection get(int partition, ConnectionKey key) {
        Map<ConnectionKey, Connection> connections = byPartition.get(partition);
        return connections == null ? null : connections.get(key);
    }

    /** After a commit: the connection's new state, or null for a tombstone. */
    void committed(int partition, ConnectionKey key, Connection state) {
        Map<ConnectionKey, Connection> connections = byPartition.get(partition);
        if (connections == null) {
            return;
        }
        if (state == null) {
            connections.remove(key);
        } else {
            connections.put(key, state);
        }
    }

    /** Partition and connection of every pull due at {@code now}, the longest overdue first. */
    List<Owned> due(Instant now) {
        List<Owned> due = new ArrayList<>();
        byPartition.forEach((partition, connections) -> connections.values().stream()
                .filter(c -> c.status() == ConnectionStatus.BACKFILLING || c.status() == ConnectionStatus.ACTIVE)
                .filter(c -> c.nextPullAt() != null && !c.nextPullAt().isAfter(now))
                .forEach(c -> due.add(new Owned(partition, c))));
        due.sort(Comparator.comparing(o -> o.connection().nextPullAt()));
        return due;
    }

    Collection<Connection> all() {
        List<Connection> all = new ArrayList<>();
        byPartition.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    record Owned(int partition, Connection connection) {}
}
