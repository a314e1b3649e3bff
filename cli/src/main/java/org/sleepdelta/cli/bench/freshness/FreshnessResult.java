package org.sleepdelta.cli.bench.freshness;

import java.util.Map;

/**
 * What the freshness probe measured: accepted → dashboard-record latency of the records accepted in the measured
 * period.
 *
 * @param records                  dashboard records measured (outputs caused by records accepted in the period)
 * @param targetRecordsPerSecond   the rate asked for
 * @param achievedRecordsPerSecond records ingest accepted per second over the whole run; below the target when the
 *                                 sender fell behind its schedule (it never catches up in bursts)
 * @param settings                 the freshness-relevant settings the run used, by name, in order
 */
public record FreshnessResult(
        long records,
        double targetRecordsPerSecond,
        double achievedRecordsPerSecond,
        double p50Millis,
        double p99Millis,
        double maxMillis,
        Map<String, String> settings) {}
