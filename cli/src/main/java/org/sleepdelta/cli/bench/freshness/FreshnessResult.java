package org.sleepdelta.cli.bench.freshness;

import java.util.Map;

/** Placeholder until the freshness branch is merged: what the freshness probe measured. */
public record FreshnessResult(
        long records,
        double targetRecordsPerSecond,
        double achievedRecordsPerSecond,
        double p50Millis,
        double p99Millis,
        double maxMillis,
        Map<String, String> settings) {}
