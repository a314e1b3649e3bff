package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the vendors' app-level webhook subscriptions alive (Oura's expire and must be renewed). One instance must do
 * it, and no coordination is wanted: the owner of partition 0 of {@code connections} does, every {@link #INTERVAL}
 * per vendor, and again a minute after a failure.
 */
final class AppSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(AppSubscriptions.class);
    static final Duration INTERVAL = Duration.ofHours(6);
    static final Duration RETRY = Duration.ofMinutes(1);

    private final ConnectionSettings settings;
    private final Map<String, VendorConnector> connectors;
    private final VendorCalls calls;
    private final Clock clock;
    private final Map<String, Instant> nextCheck = new HashMap<>();

    AppSubscriptions(
            ConnectionSettings settings, Map<String, VendorConnector> connectors, VendorCalls calls, Clock clock) {
        this.settings = settings;
        this.connectors = connectors;
        this.calls = calls;
        this.clock = clock;
    }

    /** Called by the owner's loop; does something only while it holds partition 0. */
    void maintain(boolean holdsPartitionZero) {
        if (!holdsPartitionZero) {
            nextCheck.clear(); // whoever holds it next checks at once
            return;
        }
        Instant now = clock.instant();
        connectors.forEach((vendor, connector) -> {
            Instant due = nextCheck.get(vendor);
            if (due != null && now.isBefore(due)) {
                return;
            }
            if (!calls.tryTake(vendor)) {
                return;
            }
            try {
                connector.ensureAppSubscriptions(settings.webhookUrl(vendor));
                nextCheck.put(vendor, now.plus(INTERVAL));
            } catch (VendorException e) {
                calls.failed(vendor, e);
                nextCheck.put(vendor, now.plus(RETRY));
                log.warn(
                        "the {} app subscriptions could not be checked ({}, HTTP {})",
                        vendor,
                        e.kind().label(),
                        e.status());
            }
        });
    }
}
