package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.connections.ConnectionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the requests of {@code connection-requests} in order, each in the transaction that commits its offset, so
 * each takes effect exactly once. Calls to the vendor on the way (subscribing, revoking) are best effort: a consent
 * withdrawn at our side must stop the pulling whatever the vendor answers.
 */
final class RequestApplier {
    private static final Logger log = LoggerFactory.getLogger(RequestApplier.class);

    private final ConnectionSettings settings;
    private final Map<String, VendorConnector> connectors;
    private final VendorCalls calls;
    private final PullWindows windows;
    private final OwnerMetrics metrics;
    private final Clock clock;

    RequestApplier(
            ConnectionSettings settings,
            Map<String, VendorConnector> connectors,
            VendorCalls calls,
            PullWindows windows,
            OwnerMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.connectors = connectors;
        this.calls = calls;
        this.windows = windows;
        this.metrics = metrics;
        this.clock = clock;
    }

    void apply(OwnerWrites writes, int partition, long offset, ConnectionRequest request) throws InterruptedException {
        Connection current = writes.owned().get(partition, request.key());
        Instant now = clock.instant();
        if (request.type() == ConnectionRequest.Type.CONNECT) {
            writes.applied(partition, offset, request.key(), connected(current, request, now));
            return;
        }
        if (current == null) {
            metrics.requestDropped(request.key().vendor());
            log.info(
                    "a {} request for no known {} connection was dropped (partition {}, offset {})",
                    request.type(),
                    request.key().vendor(),
                    partition,
                    offset);
            writes.applied(partition, offset, null, null);
            return;
        }
        switch (request.type()) {
            case REVOKE -> {
                revokeAtVendor(current);
                writes.applied(partition, offset, request.key(), revoked(current, now));
            }
            case DEREGISTERED -> writes.applied(partition, offset, request.key(), revoked(current, now));
            case ERASE -> {
                revokeAtVendor(current);
                writes.applied(partition, offset, request.key(), null);
            }
            case NOTIFY -> writes.applied(partition, offset, request.key(), notified(current, request, now));
            default -> throw new IllegalStateException("unhandled request type " + request.type());
        }
    }

    /** A new connection, replacing any earlier state (a reconnection starts over), subscribed where the vendor needs. */
    private Connection connected(Connection earlier, ConnectionRequest request, Instant now)
            throws InterruptedException {
        Connection fresh = Connection.connected(
                request.key(),
                request.vendorUserId(),
                request.tokens(),
                request.timezone(),
                request.backfillFrom(),
                now);
        if (earlier != null) {
            // Revisions keep counting, so that every state of the key is told apart in the topic and the logs.
            fresh = new Connection(
                    fresh.key(),
                    fresh.status(),
                    fresh.vendorUserId(),
                    fresh.tokens(),
                    fresh.timezone(),
                    fresh.connectedAt(),
                    fresh.updatedAt(),
                    fresh.backfillFrom(),
                    null,
                    null,
                    fresh.nextPullAt(),
                    null,
                    null,
                    null,
                    0,
                    Map.of(),
                    earlier.revision() + 1);
        }
        String vendor = request.key().vendor();
        VendorConnector connector = connectors.get(vendor);
        if (connector == null || request.vendorUserId() == null) {
            return fresh;
        }
        if (!calls.take(vendor)) {
            log.info("no {} subscription made for a new connection: rate limit (polling covers it)", vendor);
            return fresh;
        }
        try {
            Map<String, String> state = connector.ensureUserSubscription(
                    fresh.tokens(), fresh.vendorUserId(), settings.webhookUrl(vendor), fresh.vendorState());
            return fresh.toBuilder().vendorState(state).build(now);
        } catch (VendorException e) {
            calls.failed(vendor, e);
            log.info(
                    "subscribing a new {} connection failed ({}, HTTP {}); polling covers it",
                    vendor,
                    e.kind().label(),
                    e.status());
            return fresh;
        }
    }

    private void revokeAtVendor(Connection c) throws InterruptedException {
        String vendor = c.key().vendor();
        VendorConnector connector = connectors.get(vendor);
        if (connector == null || c.tokens() == null) {
            return;
        }
        if (!calls.take(vendor)) {
            log.info("a {} revocation was not sent to the vendor: rate limit; our tokens are dropped anyway", vendor);
            return;
        }
        try {
            connector.revoke(c.tokens(), c.vendorUserId());
        } catch (VendorException e) {
            calls.failed(vendor, e);
            log.info(
                    "revoking at {} failed ({}, HTTP {}); our tokens are dropped anyway",
                    vendor,
                    e.kind().label(),
                    e.status());
        }
    }

    private static Connection revoked(Connection c, Instant now) {
        return c.toBuilder()
                .status(ConnectionStatus.REVOKED)
                .tokens(null)
                .pull(null)
                .nextPullAt(null)
                .build(now);
    }

    /** The vendor spoke: the webhook is alive, and when it asks, the connection is pulled now. */
    private Connection notified(Connection c, ConnectionRequest request, Instant now) {
        Connection.Builder next = c.toBuilder().lastWebhookAt(now);
        boolean pulling = c.status() == ConnectionStatus.ACTIVE || c.status() == ConnectionStatus.BACKFILLING;
        if (request.pull() && pulling) {
            if (c.pull() == null) {
                next.pull(request.from() == null ? windows.next(c) : windows.startingAt(c, request.from()));
            }
            next.nextPullAt(now);
        }
        return next.build(now);
    }
}
