package org.sleepdelta.streams;

import java.time.LocalDate;
import java.util.List;
import org.sleepdelta.metric.WindowSpec;

/**
 * What one sleep record changed for its client: the nights whose main sleep may have changed, and how its data clock
 * moved. A window reads only the main sleeps of its reference, baseline and post nights, its sessions (which a sleep
 * record does not change) and, for {@code complete}, whether the clock is past its last post night by more than the
 * grace. So a window none of whose nights was touched and whose completeness the clock move cannot flip gives the
 * same result as before, and need not be computed: most windows a sleep record reaches by session are such windows
 * (a course's weeks 1-2, the windows of sessions weeks before the night).
 *
 * @param nights      nights whose records changed (main sleep possibly changed)
 * @param clockBefore the client's data clock before the record (null: none yet)
 * @param clockAfter  after it
 */
record SleepTouch(List<LocalDate> nights, LocalDate clockBefore, LocalDate clockAfter, int lateGraceDays) {

    /** Whether {@code spec}'s result can differ from what it was before this record. */
    boolean mayChange(WindowSpec spec) {
        for (LocalDate night : nights) {
            if (reads(spec, night)) {
                return true;
            }
        }
        return completenessMayFlip(spec);
    }

    /** Reference and baseline are the nights [N0-42, N0-1]; post nights follow, for a course after a gap. */
    static boolean reads(WindowSpec spec, LocalDate night) {
        boolean beforeSession = !night.isBefore(spec.referenceStart()) && !night.isAfter(spec.baselineEnd());
        boolean post = !night.isBefore(spec.postStart()) && !night.isAfter(spec.postEnd());
        return beforeSession || post;
    }

    /** A window is complete once the clock is past its last post night by more than the grace (see the calculator). */
    private boolean completenessMayFlip(WindowSpec spec) {
        if (clockAfter == null || clockAfter.equals(clockBefore)) {
            return false;
        }
        LocalDate lastIncompleteClock = spec.postEnd().plusDays(lateGraceDays);
        return clockAfter.isAfter(lastIncompleteClock)
                && (clockBefore == null || !clockBefore.isAfter(lastIncompleteClock));
    }
}
