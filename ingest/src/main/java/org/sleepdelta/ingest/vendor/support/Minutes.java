package org.sleepdelta.ingest.vendor.support;

import java.time.Duration;

/** Durations as the contract's minutes: exact to the millisecond, never rounded to whole minutes. */
public final class Minutes {
    private Minutes() {}

    public static double of(Duration duration) {
        return duration.toMillis() / 60_000.0;
    }
}
