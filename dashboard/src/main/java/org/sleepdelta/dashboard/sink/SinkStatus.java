package org.sleepdelta.dashboard.sink;

/**
 * The sink's health, for {@code /health/ready}.
 *
 * @param running            the sink's thread consumes (false before start, after close, and after a fatal error)
 * @param databaseReachable  the last transaction or connection check succeeded
 * @param assignedPartitions partitions of the dashboard topics this instance owns now
 */
public record SinkStatus(boolean running, boolean databaseReachable, int assignedPartitions) {

    /** Running, the database answers, and this instance owns at least one partition. */
    public boolean ready() {
        return running && databaseReachable && assignedPartitions > 0;
    }
}
