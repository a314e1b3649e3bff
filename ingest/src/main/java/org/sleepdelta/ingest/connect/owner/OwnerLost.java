package org.sleepdelta.ingest.connect.owner;

/**
 * A transaction of the owner did not commit: it may have lost its partitions (a newer owner fenced it) or Kafka is
 * away. Either way what it holds in memory may be stale, so it drops all of it and starts over from the topics.
 */
final class OwnerLost extends RuntimeException {
    OwnerLost(String message, Throwable cause) {
        super(message, cause);
    }
}
