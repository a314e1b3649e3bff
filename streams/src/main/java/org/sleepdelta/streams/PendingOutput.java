package org.sleepdelta.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * What processing one record sends on (records forwarded, and the counters that go with them), held back until the
 * record is done: a record that fails half-way must not leave half of its output behind, only its rejection.
 */
final class PendingOutput {
    private final List<Runnable> pending = new ArrayList<>();

    void add(Runnable send) {
        pending.add(send);
    }

    /** Sends everything held, in the order it was added. */
    void flush() {
        try {
            pending.forEach(Runnable::run);
        } finally {
            pending.clear();
        }
    }

    void discard() {
        pending.clear();
    }
}
