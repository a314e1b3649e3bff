package org.sleepdelta.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;

/** The result of a simulation: events in arrival order, the ground truth behind them, and counts. */
public final class Simulation implements Iterable<SimulatedEvent> {
    private final SimulationConfig config;
    private final List<SimulatedEvent> events;
    private final GroundTruth groundTruth;
    private final SimulationCounts counts;

    Simulation(
            SimulationConfig config,
            List<SimulatedEvent> eventsInArrivalOrder,
            GroundTruth groundTruth,
            SimulationCounts counts) {
        this.config = config;
        this.events = Collections.unmodifiableList(eventsInArrivalOrder);
        this.groundTruth = groundTruth;
        this.counts = counts;
    }

    public SimulationConfig config() {
        return config;
    }

    /** All events sorted by arrival; ties keep generation order, so revisions always follow their original. */
    public List<SimulatedEvent> events() {
        return events;
    }

    /** The sleep records alone, in arrival order. */
    public List<SleepRecord> sleepRecords() {
        return events.stream()
                .filter(SimulatedEvent::isSleepRecord)
                .map(SimulatedEvent::sleepRecord)
                .toList();
    }

    /** The session events alone, in arrival order. */
    public List<MassageSession> massageSessions() {
        return events.stream()
                .filter(e -> !e.isSleepRecord())
                .map(SimulatedEvent::massageSession)
                .toList();
    }

    @Override
    public Iterator<SimulatedEvent> iterator() {
        return events.iterator();
    }

    public Stream<SimulatedEvent> stream() {
        return events.stream();
    }

    /** The events that have arrived by the given instant (inclusive): a prefix of {@link #events()}. */
    public List<SimulatedEvent> arrivedBy(Instant cutoff) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) { // first index arriving after the cutoff
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).arrival().isAfter(cutoff)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return events.subList(0, lo);
    }

    public GroundTruth groundTruth() {
        return groundTruth;
    }

    /** The noise-free shift applied to the client's means on that night; zeros outside every session window. */
    public NightEffect effectOn(String clinicId, String clientId, LocalDate night) {
        return groundTruth.effectOn(clinicId, clientId, night);
    }

    public SimulationCounts counts() {
        return counts;
    }
}
