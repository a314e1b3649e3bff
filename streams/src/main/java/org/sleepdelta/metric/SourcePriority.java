package org.sleepdelta.metric;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.SleepSource;

/** Which source wins a night when several measured it. Sources not listed rank after all listed ones. */
public final class SourcePriority {
    private final List<SleepSource> order;
    private final Map<SleepSource, Integer> rank = new EnumMap<>(SleepSource.class);

    public SourcePriority(List<SleepSource> order) {
        this.order = List.copyOf(order);
        for (int i = 0; i < order.size(); i++) {
            if (rank.putIfAbsent(order.get(i), i) != null) {
                throw new IllegalArgumentException("source-priority lists " + order.get(i) + " twice");
            }
        }
    }

    /** The contract's default: the order in which {@link SleepSource} lists the sources. */
    public static SourcePriority defaultOrder() {
        return new SourcePriority(List.of(SleepSource.values()));
    }

    int rank(SleepSource source) {
        return rank.getOrDefault(source, order.size() + source.ordinal());
    }

    public List<SleepSource> order() {
        return new ArrayList<>(order);
    }

    @Override
    public String toString() {
        return order.toString();
    }
}
