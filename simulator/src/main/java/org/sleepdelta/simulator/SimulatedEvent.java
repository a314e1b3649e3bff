package org.sleepdelta.simulator;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;

/**
 * One event as it reaches the pipeline: a SleepRecord or a MassageSession, and when it arrives.
 *
 * @param arrival when the event is delivered (events of a simulation are sorted by it)
 * @param kind why the event exists; {@link EventKind#isSleep()} tells the payload type
 * @param payload the {@link SleepRecord} or {@link MassageSession}
 */
public record SimulatedEvent(Instant arrival, EventKind kind, SpecificRecordBase payload) {

    public SimulatedEvent {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Class<?> expected = kind.isSleep() ? SleepRecord.class : MassageSession.class;
        if (!expected.isInstance(payload)) {
            throw new IllegalArgumentException(kind + " needs a " + expected.getSimpleName() + " payload");
        }
    }

    public static SimulatedEvent sleep(Instant arrival, EventKind kind, SleepRecord record) {
        return new SimulatedEvent(arrival, kind, record);
    }

    public static SimulatedEvent session(Instant arrival, EventKind kind, MassageSession session) {
        return new SimulatedEvent(arrival, kind, session);
    }

    public boolean isSleepRecord() {
        return kind.isSleep();
    }

    /** @throws IllegalStateException if this is a session event */
    public SleepRecord sleepRecord() {
        if (!kind.isSleep()) {
            throw new IllegalStateException("not a sleep record event: " + kind);
        }
        return (SleepRecord) payload;
    }

    /** @throws IllegalStateException if this is a sleep event */
    public MassageSession massageSession() {
        if (kind.isSleep()) {
            throw new IllegalStateException("not a session event: " + kind);
        }
        return (MassageSession) payload;
    }
}
