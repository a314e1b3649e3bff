package org.sleepdelta.simulator;

import java.time.Instant;
import java.util.Objects;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;

/**
 * One event as it reaches the pipeline: a canonical record, why it exists, and when it arrives.
 *
 * @param arrival when the event is delivered (events of a simulation are sorted by it)
 * @param kind why the event exists; {@link EventKind#isSleep()} agrees with the record's type
 * @param record the {@link SleepRecord} or {@link MassageSession}
 */
public record SimulatedEvent(Instant arrival, EventKind kind, CanonicalRecord record) {

    public SimulatedEvent {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(record, "record");
        if (kind.isSleep() != record instanceof CanonicalRecord.Sleep) {
            throw new IllegalArgumentException(
                    kind + " needs a " + (kind.isSleep() ? "SleepRecord" : "MassageSession") + " record");
        }
    }

    public static SimulatedEvent sleep(Instant arrival, EventKind kind, SleepRecord record) {
        return new SimulatedEvent(arrival, kind, CanonicalRecord.of(record));
    }

    public static SimulatedEvent session(Instant arrival, EventKind kind, MassageSession session) {
        return new SimulatedEvent(arrival, kind, CanonicalRecord.of(session));
    }

    public boolean isSleepRecord() {
        return kind.isSleep();
    }

    /** @throws IllegalStateException if this is a session event */
    public SleepRecord sleepRecord() {
        return record.fold(sleep -> sleep, session -> {
            throw new IllegalStateException("not a sleep record event: " + kind);
        });
    }

    /** @throws IllegalStateException if this is a sleep event */
    public MassageSession massageSession() {
        return record.fold(
                sleep -> {
                    throw new IllegalStateException("not a session event: " + kind);
                },
                session -> session);
    }
}
