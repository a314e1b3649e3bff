package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.sleepdelta.ingest.connect.VendorException;

/**
 * The bookkeeping around every call to a vendor: a token of this owner's share of the vendor's rate limit first, and
 * afterwards a 429 closes the vendor for its {@code Retry-After} (60 s when it does not say).
 */
final class VendorCalls {
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** How long a request (a revocation, a subscription) may wait for a token before going without the call. */
    static final Duration REQUEST_WAIT = Duration.ofSeconds(5);

    private final VendorRateLimits limits;
    private final OwnerMetrics metrics;
    private final Clock clock;

    VendorCalls(VendorRateLimits limits, OwnerMetrics metrics, Clock clock) {
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
    }

    VendorRateLimits limits() {
        return limits;
    }

    /** A token now, or false: the caller tries again on a later round. */
    boolean tryTake(String vendor) {
        return limits.tryTake(vendor);
    }

    /** A token within {@link #REQUEST_WAIT}, or false. */
    boolean take(String vendor) throws InterruptedException {
        Instant deadline = clock.instant().plus(REQUEST_WAIT);
        while (!limits.tryTake(vendor)) {
            Duration wait = limits.wait(vendor);
            if (clock.instant().plus(wait).isAfter(deadline)) {
                return false;
            }
            Thread.sleep(Math.max(1, wait.toMillis()));
        }
        return true;
    }

    /** Counts the failure and, for a 429, closes the vendor until its Retry-After. */
    void failed(String vendor, VendorException e) {
        metrics.error(vendor, e.kind().label());
        if (e.kind() == VendorException.Kind.RATE_LIMITED) {
            metrics.rateLimited(vendor);
            Duration retryAfter =
                    e.retryAfter() == null || e.retryAfter().isNegative() ? DEFAULT_RETRY_AFTER : e.retryAfter();
            limits.closeUntil(vendor, clock.instant().plus(retryAfter));
        }
    }
}
