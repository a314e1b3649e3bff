package org.sleepdelta.dashboard.sink;

/** What the sink's thread knows about itself, for the gauges and {@link SinkStatus}; written by that thread only. */
final class SinkState {
    volatile boolean running;
    volatile boolean databaseReachable;
    volatile int assignedPartitions;
    /** Sum of the consumer's lag over its partitions; NaN until known. */
    volatile double lagRecords = Double.NaN;
    /** Epoch seconds of the last successful offset commit; 0 before the first. */
    volatile double lastCommitEpochSeconds;
    /** {@link System#nanoTime()} when a poll first returned records, and at the last offset commit (measurements). */
    volatile long firstRecordsPolledNanos;

    volatile long lastCommitNanos;
    /** Rows of erasure_outbox not yet acknowledged, as the audit publisher last counted them. */
    volatile double auditPending;

    SinkStatus status() {
        return new SinkStatus(running, databaseReachable, assignedPartitions);
    }
}
