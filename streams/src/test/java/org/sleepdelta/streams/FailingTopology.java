package org.sleepdelta.streams;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The production topology on RocksDB stores, except that writing the dashboard state of one client's windows throws:
 * for tests in other packages that need a record whose processing fails half-way (see {@link FailingStore}).
 */
public final class FailingTopology {
    private FailingTopology() {}

    /** Processing any record of {@code clinicId/clientId} fails with an {@link IllegalStateException}. */
    public static Topology failingFor(TopologySettings settings, TopologyMetrics metrics, String clientKey) {
        return SleepChangeTopology.build(
                settings,
                metrics,
                name -> FailingStore.supplier(
                        Stores.persistentKeyValueStore(name),
                        StoreNames.EMITTED,
                        key -> key.startsWith(clientKey + "/"),
                        new IllegalStateException("injected processing failure")));
    }
}
