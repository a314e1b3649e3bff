package org.sleepdelta.cli.bench.freshness;

import java.time.Duration;

/** Placeholder until the freshness branch is merged: how hard and how long the freshness probe runs. */
public record FreshnessOptions(double recordsPerSecond, Duration warmUp, Duration measured, int clients) {
    public static FreshnessOptions defaults() {
        return new FreshnessOptions(2000, Duration.ofSeconds(10), Duration.ofSeconds(30), 200);
    }

    public static FreshnessOptions quick() {
        return new FreshnessOptions(200, Duration.ofSeconds(2), Duration.ofSeconds(5), 10);
    }
}
