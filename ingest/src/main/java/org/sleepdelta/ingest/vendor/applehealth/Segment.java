package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Instant;
import org.sleepdelta.ingest.vendor.support.TimeSpan;

/**
 * One sleep-analysis record of one source: a stretch of time in one state.
 *
 * @param watch whether an Apple Watch recorded it (per its {@code device})
 */
record Segment(Instant start, Instant end, SleepValue value, boolean watch) {
    TimeSpan span() {
        return new TimeSpan(start, end);
    }
}
