package org.sleepdelta.simulator;

import java.time.Instant;

/**
 * When each event reaches the pipeline. Follow-ups (re-scorings, deletions, status changes) are always placed at
 * least an hour after what they follow, so sorting by arrival keeps every revision after its original.
 */
final class ArrivalPlanner {
    private static final long MINUTE = 60;

    private final Rng rng;

    ArrivalPlanner(Rng rng) {
        this.rng = rng;
    }

    /** A sleep record syncs 30 min-4 h after rising, or 1-5 days later when the device was not synced. */
    Instant sleepRecord(Instant sleepEnd, boolean late) {
        int delay = late ? rng.between(24 * 60, 5 * 24 * 60) : rng.between(30, 4 * 60);
        return sleepEnd.plusSeconds(delay * MINUTE);
    }

    /** The vendor re-scores 6 h-3 days after sending the original. */
    Instant rescore(Instant original) {
        return original.plusSeconds(rng.between(6 * 60, 3 * 24 * 60) * MINUTE);
    }

    /** The vendor withdraws a bogus record 2 h-2 days after sending it. */
    Instant deletion(Instant bogus) {
        return bogus.plusSeconds(rng.between(2 * 60, 2 * 24 * 60) * MINUTE);
    }

    /** The clinic system exports a session when its slot ends. */
    Instant sessionReported(Instant sessionEnd) {
        return sessionEnd.plusSeconds(rng.between(0, 20) * MINUTE);
    }

    /**
     * A cancellation or no-show is recorded 1 h-3 days after the booking was exported: sometimes before the
     * night's sleep record arrives, sometimes after, so the pipeline must handle both orders.
     */
    Instant statusChange(Instant reported) {
        return reported.plusSeconds(rng.between(60, 3 * 24 * 60) * MINUTE);
    }
}
