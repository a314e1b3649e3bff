package org.sleepdelta.simulator;

/** Why an event exists; lets consumers and tests tell originals from follow-ups without comparing payloads. */
public enum EventKind {
    /** First report of a real sleep period (main sleep of either device, or a nap). */
    SLEEP_RECORD(true),
    /** A vendor's re-scored version of an earlier record, same sourceRecordId. */
    SLEEP_RESCORED(true),
    /** A bogus record that a later {@link #SLEEP_DELETION} withdraws. */
    SLEEP_SPURIOUS(true),
    /** A withdrawal (deleted=true) of an earlier record. */
    SLEEP_DELETION(true),
    /** A session as exported at the end of its slot (status COMPLETED). */
    SESSION(false),
    /** The same session re-sent as CANCELLED or NO_SHOW. */
    SESSION_STATUS_CHANGE(false);

    private final boolean sleep;

    EventKind(boolean sleep) {
        this.sleep = sleep;
    }

    /** Whether the payload is a SleepRecord (else a MassageSession). */
    public boolean isSleep() {
        return sleep;
    }
}
