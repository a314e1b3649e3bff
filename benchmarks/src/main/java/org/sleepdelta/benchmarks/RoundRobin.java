package org.sleepdelta.benchmarks;

import java.util.List;

/**
 * Hands out a benchmark's inputs in turn, so one op sees a different realistic record each time rather than one
 * record the JIT could specialise for.
 */
public final class RoundRobin<T> {
    private final List<T> items;
    private int next;

    public RoundRobin(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to hand out");
        }
        this.items = List.copyOf(items);
    }

    public T next() {
        T item = items.get(next);
        next = next + 1 == items.size() ? 0 : next + 1;
        return item;
    }

    public int size() {
        return items.size();
    }
}
