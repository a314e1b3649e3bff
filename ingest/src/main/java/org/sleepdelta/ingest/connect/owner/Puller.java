package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.http.PulledPayloads;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionError;
import org.sleepdelta.schemas.connections.ConnectionStatus;
import org.sleepdelta.schemas.connections.OAuthTokens;
import org.sleepdelta.schemas.connections.PullWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one page for a due connection and writes it, with the connection's advanced window, in one transaction: a
 * crash between the fetch and the commit leaves the committed window where it was, so the next owner fetches the same
 * page again, and nothing is missed or written twice.
 *
 * <p>Refreshes first when the access token is about to expire, and once after a data call answered 401. A refresh's
 * result is committed before the new access token is used: vendors rotate refresh tokens, so the new one must be
 * durable before the old one is gone for good.
 */
final class Puller {
    private static final Logger log = LoggerFactory.getLogger(Puller.class);
    /** Refresh this long before the access token expires, so that no call races its expiry. */
    static final long REFRESH_MARGIN_SECONDS = 60;

    private final ConnectionSettings settings;
    private final Map<String, VendorConnector> connectors;
    private final PulledPayloads payloads;
    private final PullWindows windows;
    private final VendorCalls calls;
    private final OwnerMetrics metrics;
    private final Clock clock;

    Puller(
            ConnectionSettings settings,
            Map<String, VendorConnector> connectors,
            PulledPayloads payloads,
            VendorCalls calls,
            OwnerMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.connectors = connectors;
        this.payloads = payloads;
        this.windows = new PullWindows(settings.lookback(), settings.backfillPageDays(), clock);
        this.calls = calls;
        this.metrics = metrics;
        this.clock = clock;
    }

    PullWindows windows() {
        return windows;
    }

    /** One page of {@code c}, or nothing when the vendor's rate limit has no token for it now. */
    void step(OwnerWrites writes, int partition, Connection c) {
        String vendor = c.key().vendor();
        VendorConnector connector = connectors.get(vendor);
        if (connector == null || c.tokens() == null) {
            return; // a vendor no longer configured: its connections wait, untouched, until it is again
        }
        Connection current = c;
        boolean refreshed = false;
        if (current.tokens().expiresWithin(clock.instant(), REFRESH_MARGIN_SECONDS)) {
            current = refresh(writes, partition, current, connector);
            if (current == null) {
                return;
            }
            refreshed = true;
        }
        PullWindow window = windows.next(current);
        SleepPage page;
        try {
            page = fetch(connector, current, window);
        } catch (VendorException e) {
            if (e.kind() != VendorException.Kind.UNAUTHORIZED || refreshed) {
                failed(writes, partition, current, e);
                return;
            }
            current = refresh(writes, partition, current, connector);
            if (current == null) {
                return;
            }
            try {
                page = fetch(connector, current, window);
            } catch (VendorException again) {
                failed(writes, partition, current, again);
                return;
            }
        }
        if (page != null) {
            written(writes, partition, current, window, page);
        }
    }

    /** Null when no token of the rate limit is free. */
    private SleepPage fetch(VendorConnector connector, Connection c, PullWindow window) throws VendorException {
        String vendor = c.key().vendor();
        if (!calls.tryTake(vendor)) {
            return null;
        }
        try {
            SleepPage page =
                    connector.fetchSleep(c.tokens(), c.vendorUserId(), window.from(), window.to(), window.pageCursor());
            metrics.pull(vendor, true);
            return page;
        } catch (VendorException e) {
            metrics.pull(vendor, false);
            throw e;
        } catch (RuntimeException e) {
            metrics.pull(vendor, false);
            throw connectorBug(vendor, "sleep", e);
        }
    }

    private void written(OwnerWrites writes, int partition, Connection c, PullWindow window, SleepPage page) {
        String vendor = c.key().vendor();
        Instant now = clock.instant();
        PulledPayloads.Pulled pulled = payloads.read(
                page.payload(),
                page.adapterVendor(),
                vendor,
                c.key().clinicId(),
                c.key().clientId(),
                zone(c));
        Connection.Builder next = c.toBuilder().consecutiveFailures(0);
        if (page.nextPageCursor() != null) {
            next.pull(window.nextPage(page.nextPageCursor())).nextPullAt(now);
        } else {
            next.syncedThrough(PullWindows.syncedThrough(c, window))
                    .lastSuccessAt(now)
                    .lastError(null);
            PullWindow after = windows.after(c, window);
            if (after != null) {
                next.pull(after).nextPullAt(now);
            } else {
                next.pull(null).status(ConnectionStatus.ACTIVE).nextPullAt(now.plus(pollInterval(c, now)));
            }
        }
        if (pulled.invalid() > 0) {
            metrics.error(vendor, "invalid_payload");
            next.lastError(new ConnectionError(
                    "invalid_payload",
                    now,
                    pulled.invalid() + " item(s) of a " + page.adapterVendor()
                            + " page could not be read; they are on the rejection topic"));
        }
        writes.write(partition, pulled.records(), next.build(now));
        metrics.records(vendor, pulled.accepted());
    }

    /** Webhooks that have gone quiet (or never spoke) are not trusted: the schedule polls as often as without them. */
    private java.time.Duration pollInterval(Connection c, Instant now) {
        boolean webhooksAlive = c.lastWebhookAt() != null
                && c.lastWebhookAt().plus(settings.webhookQuietAfter()).isAfter(now);
        return webhooksAlive ? settings.pollIntervalWithWebhooks() : settings.pollInterval();
    }

    /** The refreshed connection, committed; null when there is none to use (no token, failure, REAUTH_REQUIRED). */
    private Connection refresh(OwnerWrites writes, int partition, Connection c, VendorConnector connector) {
        String vendor = c.key().vendor();
        if (c.tokens().refreshToken() == null) {
            reauth(
                    writes,
                    partition,
                    c,
                    "invalid_grant",
                    "the access token expired and the vendor gave no refresh token");
            return null;
        }
        if (!calls.tryTake(vendor)) {
            return null;
        }
        OAuthTokens fresh;
        try {
            fresh = refreshAt(connector, vendor, c.tokens());
        } catch (VendorException e) {
            if (e.kind() == VendorException.Kind.INVALID_GRANT) {
                metrics.refresh(vendor, "invalid_grant");
                metrics.error(vendor, e.kind().label());
                reauth(writes, partition, c, e.kind().label(), detail(e));
            } else {
                metrics.refresh(vendor, "error");
                failed(writes, partition, c, e);
            }
            return null;
        }
        metrics.refresh(vendor, "ok");
        Connection refreshed = c.toBuilder().tokens(fresh).build(clock.instant());
        // Durable before use: should this commit fail, OwnerLost ends the session and the tokens are never used.
        writes.write(partition, java.util.List.of(), refreshed);
        log.debug(
                "refreshed the tokens of a {} connection (partition {}, revision {})",
                vendor,
                partition,
                refreshed.revision());
        return refreshed;
    }

    private void reauth(OwnerWrites writes, int partition, Connection c, String kind, String detail) {
        Instant now = clock.instant();
        Connection stopped = c.toBuilder()
                .status(ConnectionStatus.REAUTH_REQUIRED)
                .nextPullAt(null)
                .pull(null)
                .lastError(new ConnectionError(kind, now, detail))
                .build(now);
        writes.write(partition, java.util.List.of(), stopped);
        log.info(
                "a {} connection needs a new consent: {} (partition {}, revision {})",
                c.key().vendor(),
                kind,
                partition,
                stopped.revision());
    }

    /** Rate limits close the vendor (the connection stays due); other failures back the connection off. */
    private void failed(OwnerWrites writes, int partition, Connection c, VendorException e) {
        calls.failed(c.key().vendor(), e);
        if (e.kind() == VendorException.Kind.RATE_LIMITED) {
            return;
        }
        if (e.kind() == VendorException.Kind.INVALID_GRANT) {
            reauth(writes, partition, c, e.kind().label(), detail(e));
            return;
        }
        Instant now = clock.instant();
        int failures = c.consecutiveFailures() + 1;
        Connection backedOff = c.toBuilder()
                .consecutiveFailures(failures)
                .lastError(new ConnectionError(e.kind().label(), now, detail(e)))
                .nextPullAt(now.plus(Backoff.after(failures)))
                .build(now);
        writes.write(partition, java.util.List.of(), backedOff);
        log.info(
                "a {} pull failed ({}, HTTP {}), attempt {} (partition {})",
                c.key().vendor(),
                e.kind().label(),
                e.status(),
                failures,
                partition);
    }

    private static OAuthTokens refreshAt(VendorConnector connector, String vendor, OAuthTokens tokens)
            throws VendorException {
        try {
            return connector.refresh(tokens);
        } catch (RuntimeException e) {
            throw connectorBug(vendor, "refresh", e);
        }
    }

    /**
     * A connector that throws what it should have classified is treated as a bad response: the connection backs off
     * instead of failing the owner on every round. Its message is not kept, as it may quote the vendor's answer.
     */
    private static VendorException connectorBug(String vendor, String call, RuntimeException e) {
        return new VendorException(
                VendorException.Kind.BAD_RESPONSE,
                0,
                vendor + " " + call + " failed: " + e.getClass().getSimpleName());
    }

    /** The status and the connector's message, which names the call and the vendor's error code, never a body. */
    static String detail(VendorException e) {
        return (e.status() == 0 ? "no response" : "HTTP " + e.status()) + ": " + e.getMessage();
    }

    static ZoneId zone(Connection c) {
        if (c.timezone() == null) {
            return null;
        }
        try {
            return ZoneId.of(c.timezone());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
