package org.sleepdelta.streams;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The production topology on in-memory stores, for tests in other packages (the app benchmark compares it with
 * RocksDB on a real broker). The store-choosing overload of {@link SleepChangeTopology#build} is package-private.
 */
public final class InMemoryTopology {
    private InMemoryTopology() {}

    public static Topology build(TopologySettings settings) {
        return SleepChangeTopology.build(settings, Stores::inMemoryKeyValueStore);
    }
}
