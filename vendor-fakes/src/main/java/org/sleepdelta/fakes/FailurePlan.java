package org.sleepdelta.fakes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The failures a fake's data routes answer next, in order, before answering normally again: rate limiting with
 * {@code Retry-After}, bursts of 5xx, 403s. Scripted by tests and the demo; thread-safe.
 */
public final class FailurePlan {
    /** One scripted failure: the HTTP status and, for 429, how long the vendor asks to wait. */
    public record Failure(int status, Duration retryAfter) {}

    private final Deque<Failure> next = new ArrayDeque<>();
    private int served;

    /** The next {@code count} data requests get 429 with {@code Retry-After: retryAfter}. */
    public synchronized FailurePlan rateLimit(int count, Duration retryAfter) {
        for (int i = 0; i < count; i++) {
            next.add(new Failure(429, retryAfter));
        }
        return this;
    }

    /** The next {@code count} data requests get {@code status} (500, 502, 503, 403...). */
    public synchronized FailurePlan fail(int count, int status) {
        for (int i = 0; i < count; i++) {
            next.add(new Failure(status, null));
        }
        return this;
    }

    /** The failure to answer now, if one is scripted; it is used up. */
    public synchronized Optional<Failure> take() {
        Failure failure = next.poll();
        if (failure != null) {
            served++;
        }
        return Optional.ofNullable(failure);
    }

    /** How many scripted failures were answered. */
    public synchronized int served() {
        return served;
    }

    public synchronized int pending() {
        return next.size();
    }
}
