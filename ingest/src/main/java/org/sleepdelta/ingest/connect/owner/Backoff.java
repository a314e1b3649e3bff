package org.sleepdelta.ingest.connect.owner;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a connection waits after its {@code n}th failure in a row: 30 s doubling, at most 6 h, with up to ±20 %
 * jitter so that connections failing together (a vendor outage) do not all come back in the same second.
 */
final class Backoff {
    static final Duration FIRST = Duration.ofSeconds(30);
    static final Duration MAX = Duration.ofHours(6);

    private Backoff() {}

    static Duration after(int consecutiveFailures) {
        int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 20));
        long seconds = Math.min(FIRST.toSeconds() << doublings, MAX.toSeconds());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(seconds * 1000 * jitter));
    }
}
