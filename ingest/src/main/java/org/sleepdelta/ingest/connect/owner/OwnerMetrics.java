package org.sleepdelta.ingest.connect.owner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionStatus;

/**
 * The owner's metrics (docs/metrics.md), per vendor: pulls, records, errors by kind, 429s, refreshes, and two gauges
 * over the connections this instance owns, read from a snapshot the owner's thread replaces after its changes.
 */
final class OwnerMetrics {
    static final String PULLS = "sleepdelta.connections.pulls";
    static final String RECORDS = "sleepdelta.connections.records";
    static final String ERRORS = "sleepdelta.connections.errors";
    static final String RATE_LIMITED = "sleepdelta.connections.rate.limited";
    static final String REFRESHES = "sleepdelta.connections.refreshes";
    /** Requests for a connection this owner does not know (erased, never connected): counted and dropped. */
    static final String REQUESTS_DROPPED = "sleepdelta.connections.requests.dropped";
    /** Stored states that did not open (unknown master key, altered): skipped when a partition is restored. */
    static final String UNREADABLE_STATES = "sleepdelta.connections.unreadable.states";

    static final String OWNED = "sleepdelta.connections.owned";
    static final String OLDEST_SYNC_AGE = "sleepdelta.connections.oldest.sync.age.seconds";

    private final MeterRegistry registry;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    OwnerMetrics(MeterRegistry registry, Collection<String> vendors, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (String vendor : vendors) {
            for (ConnectionStatus status : ConnectionStatus.values()) {
                Gauge.builder(OWNED, this, m -> m.snapshot.owned(vendor, status))
                        .tags("vendor", vendor, "status", status.name())
                        .strongReference(true)
                        .register(registry);
            }
            Gauge.builder(OLDEST_SYNC_AGE, this, m -> m.snapshot.oldestSyncAgeSeconds(vendor, m.clock.instant()))
                    .tags("vendor", vendor)
                    .strongReference(true)
                    .register(registry);
            startAtZero(vendor);
        }
    }

    /**
     * Every counter's series of a configured vendor exists from the start, at 0: a rate over a series that appears
     * only with its first increment shows "no data" where it should show 0, and an alert on it cannot see the first
     * error.
     */
    private void startAtZero(String vendor) {
        registry.counter(PULLS, "vendor", vendor, "outcome", "ok");
        registry.counter(PULLS, "vendor", vendor, "outcome", "error");
        registry.counter(RECORDS, "vendor", vendor);
        registry.counter(RATE_LIMITED, "vendor", vendor);
        for (String outcome : new String[] {"ok", "invalid_grant", "error"}) {
            registry.counter(REFRESHES, "vendor", vendor, "outcome", outcome);
        }
        for (VendorException.Kind kind : VendorException.Kind.values()) {
            registry.counter(ERRORS, "vendor", vendor, "kind", kind.label());
        }
        registry.counter(ERRORS, "vendor", vendor, "kind", "invalid_payload");
        registry.counter(REQUESTS_DROPPED, "vendor", vendor);
    }

    void pull(String vendor, boolean ok) {
        registry.counter(PULLS, "vendor", vendor, "outcome", ok ? "ok" : "error")
                .increment();
    }

    void records(String vendor, int count) {
        registry.counter(RECORDS, "vendor", vendor).increment(count);
    }

    /** @param kind a {@code VendorException.Kind.label()} or {@code invalid_payload} */
    void error(String vendor, String kind) {
        registry.counter(ERRORS, "vendor", vendor, "kind", kind).increment();
    }

    void rateLimited(String vendor) {
        registry.counter(RATE_LIMITED, "vendor", vendor).increment();
    }

    /** @param outcome {@code ok}, {@code invalid_grant} or {@code error} */
    void refresh(String vendor, String outcome) {
        registry.counter(REFRESHES, "vendor", vendor, "outcome", outcome).increment();
    }

    void requestDropped(String vendor) {
        registry.counter(REQUESTS_DROPPED, "vendor", vendor).increment();
    }

    void unreadableStates(int count) {
        registry.counter(UNREADABLE_STATES).increment(count);
    }

    /** Replaces what the gauges read with the state of {@code owned}. */
    void owned(Collection<Connection> owned) {
        Map<String, Map<ConnectionStatus, Integer>> counts = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        for (Connection c : owned) {
            counts.computeIfAbsent(c.key().vendor(), v -> new EnumMap<>(ConnectionStatus.class))
                    .merge(c.status(), 1, Integer::sum);
            if (c.status() == ConnectionStatus.ACTIVE || c.status() == ConnectionStatus.BACKFILLING) {
                Instant synced = c.lastSuccessAt() == null ? c.connectedAt() : c.lastSuccessAt();
                oldest.merge(c.key().vendor(), synced, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        snapshot = new Snapshot(counts, oldest);
    }

    private record Snapshot(Map<String, Map<ConnectionStatus, Integer>> counts, Map<String, Instant> oldest) {
        double owned(String vendor, ConnectionStatus status) {
            return counts.getOrDefault(vendor, Map.of()).getOrDefault(status, 0);
        }

        double oldestSyncAgeSeconds(String vendor, Instant now) {
            Instant synced = oldest.get(vendor);
            return synced == null
                    ? 0
                    : Math.max(0, Duration.between(synced, now).toMillis() / 1000.0);
        }
    }
}
