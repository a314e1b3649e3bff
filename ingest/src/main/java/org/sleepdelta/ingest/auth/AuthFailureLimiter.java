package org.sleepdelta.ingest.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed authentications per source address: after {@code maxFailures} within {@code window} (counted from
 * an address's first failure in it), the address is blocked for {@code blockFor}, even with a valid key, so that
 * guessing keys or replaying a list of leaked ones is slow. Memory is bounded: at most {@code maxAddresses} addresses
 * are tracked, and the least recently seen one is forgotten first.
 *
 * <p>A success does not clear an address's failures (a caller holding one valid key could otherwise keep guessing
 * others). Thread-safe.
 */
public final class AuthFailureLimiter {
    private final int maxFailures;
    private final Duration window;
    private final Duration blockFor;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> byAddress;

    private static final class Entry {
        Instant windowStart;
        int failures;
        Instant blockedUntil;
    }

    public AuthFailureLimiter(int maxFailures, Duration window, Duration blockFor, int maxAddresses, Clock clock) {
        if (maxFailures < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("maxFailures and maxAddresses must be positive");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.blockFor = blockFor;
        this.clock = clock;
        this.byAddress = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** @return how long the address stays blocked, or empty when it may try */
    public synchronized Optional<Duration> blocked(String address) {
        Entry entry = byAddress.get(address);
        if (entry == null || entry.blockedUntil == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.blockedUntil)) {
            byAddress.remove(address);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, entry.blockedUntil));
    }

    /** A failed authentication from the address. */
    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Entry entry = byAddress.computeIfAbsent(address, a -> new Entry());
        if (entry.windowStart == null || !now.isBefore(entry.windowStart.plus(window))) {
            entry.windowStart = now;
            entry.failures = 0;
        }
        entry.failures++;
        if (entry.failures >= maxFailures) {
            entry.blockedUntil = now.plus(blockFor);
        }
    }

    /** How many addresses are tracked (at most the cap). */
    public synchronized int tracked() {
        return byAddress.size();
    }
}
