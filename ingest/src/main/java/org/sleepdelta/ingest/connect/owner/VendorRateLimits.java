package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * This owner's share of each vendor's rate limit, as token buckets. A vendor allows our app {@code requestsPerMinute}
 * in all; each owner takes the fraction of {@code connections} partitions it holds, so the shares of all owners add up
 * to the limit without their talking to each other. A 429 closes the vendor until its {@code Retry-After}.
 *
 * <p>Used by the owner's one thread only.
 */
final class VendorRateLimits {
    /** A bucket holds this much of its rate, so a burst after a quiet spell stays short. */
    private static final double BURST_SECONDS = 5;

    private final Clock clock;
    private final Map<String, Integer> requestsPerMinute;
    private final Map<String, Bucket> buckets = new HashMap<>();
    /** Kept apart from the buckets: a new share must not forget a vendor's Retry-After. */
    private final Map<String, Instant> closedUntil = new HashMap<>();

    private double share;

    VendorRateLimits(Clock clock, Map<String, Integer> requestsPerMinute) {
        this.clock = clock;
        this.requestsPerMinute = Map.copyOf(requestsPerMinute);
    }

    /** Called on every assignment: this owner now holds {@code held} of {@code total} partitions. */
    void share(int held, int total) {
        share = total == 0 ? 0 : (double) held / total;
        buckets.clear();
    }

    /** Takes a token for one call to the vendor if there is one now. */
    boolean tryTake(String vendor) {
        Instant now = clock.instant();
        if (closed(vendor, now)) {
            return false;
        }
        Bucket bucket = bucket(vendor, now);
        bucket.refill(now);
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** How long until {@link #tryTake} may succeed for the vendor (zero when it may now). */
    Duration wait(String vendor) {
        Instant now = clock.instant();
        if (closed(vendor, now)) {
            return Duration.between(now, closedUntil.get(vendor));
        }
        Bucket bucket = bucket(vendor, now);
        bucket.refill(now);
        if (bucket.tokens >= 1 || bucket.perMilli <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((1 - bucket.tokens) / bucket.perMilli));
    }

    /** The vendor answered 429: no call to it before {@code until}. */
    void closeUntil(String vendor, Instant until) {
        closedUntil.merge(vendor, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private boolean closed(String vendor, Instant now) {
        Instant until = closedUntil.get(vendor);
        return until != null && now.isBefore(until);
    }

    private Bucket bucket(String vendor, Instant now) {
        return buckets.computeIfAbsent(vendor, v -> {
            double perMinute = requestsPerMinute.getOrDefault(v, 60) * share;
            return new Bucket(perMinute / 60_000.0, Math.max(1.0, perMinute / 60.0 * BURST_SECONDS), now);
        });
    }

    private static final class Bucket {
        final double perMilli;
        final double capacity;
        double tokens;
        Instant refilledAt;

        Bucket(double perMilli, double capacity, Instant now) {
            this.perMilli = perMilli;
            this.capacity = capacity;
            this.tokens = Math.min(1.0, capacity);
            this.refilledAt = now;
        }

        void refill(Instant now) {
            long elapsed = Duration.between(refilledAt, now).toMillis();
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * perMilli);
                refilledAt = now;
            }
        }
    }
}
