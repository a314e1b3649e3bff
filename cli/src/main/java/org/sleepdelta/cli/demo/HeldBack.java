package org.sleepdelta.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.simulator.SimulatedEvent;

/**
 * The simulated cohort split into the burst and the slice held back from it for the paced phase: the last events to
 * arrive, of clients that upload only. Every event is in exactly one part, each part in arrival order, and a client's
 * held-back events all arrive after its burst events: the pipeline sees every client's events in their order, so the
 * final state is the one the whole cohort in one go would give.
 *
 * @param burst  posted first, as fast as ingest takes them
 * @param paced  posted after the burst was processed, at a steady rate
 */
record HeldBack(List<SimulatedEvent> burst, List<SimulatedEvent> paced) {
    HeldBack {
        burst = List.copyOf(burst);
        paced = List.copyOf(paced);
    }

    /**
     * Holds back the last {@code count} events (fewer if there are not as many) of the clients {@code eligible}
     * accepts; clients it refuses (e.g. those whose nights arrive by a connection) stay whole in the burst.
     */
    static HeldBack last(List<SimulatedEvent> events, int count, Predicate<ClientKey> eligible) {
        boolean[] held = new boolean[events.size()];
        int remaining = count;
        for (int i = events.size() - 1; i >= 0 && remaining > 0; i--) {
            if (eligible.test(events.get(i).record().clientKey())) {
                held[i] = true;
                remaining--;
            }
        }
        List<SimulatedEvent> burst = new ArrayList<>();
        List<SimulatedEvent> paced = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (held[i] ? paced : burst).add(events.get(i));
        }
        return new HeldBack(burst, paced);
    }
}
