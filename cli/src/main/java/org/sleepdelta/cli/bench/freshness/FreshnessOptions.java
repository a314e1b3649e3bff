package org.sleepdelta.cli.bench.freshness;

import java.time.Duration;

/**
 * How hard and how long the freshness probe drives the pipeline.
 *
 * @param recordsPerSecond the steady rate records are posted at, paced in small batches on a fixed schedule
 * @param warmUp           posting before the measured period; outputs of records accepted then are not counted
 * @param measured         the period whose accepted records' outputs are measured
 * @param clients          simulated clients (people) whose nights and sessions are posted; their history is as long
 *                         as the run needs, so more clients means fewer nights each
 */
public record FreshnessOptions(double recordsPerSecond, Duration warmUp, Duration measured, int clients) {
    public FreshnessOptions {
        if (!(recordsPerSecond > 0)) {
            throw new IllegalArgumentException("recordsPerSecond must be positive: " + recordsPerSecond);
        }
        if (warmUp.isNegative() || measured.isNegative() || measured.isZero()) {
            throw new IllegalArgumentException("warmUp must not be negative and measured must be positive");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + clients);
        }
    }

    /**
     * Issue 14's freshness target: 2,000 records/s for a minute, after 30 s of warm-up. The first 15-20 s of a paced
     * run on 2 cores measured 2-7 s of latency while the windows' code was compiled and the heap grew, then a steady
     * state; 10 s of warm-up left that start in the measured minute.
     */
    public static FreshnessOptions defaults() {
        return new FreshnessOptions(2_000, Duration.ofSeconds(30), Duration.ofSeconds(60), 500);
    }

    /** Seconds, for the test suite: it checks that the probe works, not how fast. */
    public static FreshnessOptions quick() {
        return new FreshnessOptions(500, Duration.ofSeconds(2), Duration.ofSeconds(5), 20);
    }

    /** Records the run posts in all (warm-up and measured period). */
    long plannedRecords() {
        return (long) Math.ceil(recordsPerSecond * (warmUp.toMillis() + measured.toMillis()) / 1000.0);
    }
}
