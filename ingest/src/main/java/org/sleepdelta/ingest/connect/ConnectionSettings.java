package org.sleepdelta.ingest.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How ingest runs vendor connections (docs/connections.md, docs/configuration.md). Connections are on when at least
 * one vendor app is configured.
 *
 * @param publicUrl                 ingest's address as the vendors and the clients' browsers reach it (behind a proxy,
 *                                  the proxy's): the OAuth callback is {@code <publicUrl>/v1/connections/callback},
 *                                  webhooks {@code <publicUrl>/v1/webhooks/<vendor>}
 * @param apps                      the vendors we are registered with, by vendor path name
 * @param stateTtl                  how long a connection link's signed {@code state} stays valid
 * @param pollInterval              how often a connection is pulled when its vendor's webhooks are quiet or absent
 * @param pollIntervalWithWebhooks  how often it is pulled anyway while webhooks arrive (a safety net)
 * @param webhookQuietAfter         webhooks count as quiet when none came for this long
 * @param lookback                  each pull re-reads this many days before the last synced night, for late syncs and
 *                                  re-scoring
 * @param backfillPageDays          the nights one backfill request asks for
 * @param ownerGroupId              the consumer group through which ingest instances share the connections'
 *                                  partitions (one owner per partition)
 */
public record ConnectionSettings(
        URI publicUrl,
        Map<String, VendorApp> apps,
        Duration stateTtl,
        Duration pollInterval,
        Duration pollIntervalWithWebhooks,
        Duration webhookQuietAfter,
        Duration lookback,
        int backfillPageDays,
        String ownerGroupId) {
    public ConnectionSettings {
        Objects.requireNonNull(publicUrl, "publicUrl");
        apps = Map.copyOf(apps);
        Objects.requireNonNull(stateTtl, "stateTtl");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(pollIntervalWithWebhooks, "pollIntervalWithWebhooks");
        Objects.requireNonNull(webhookQuietAfter, "webhookQuietAfter");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(ownerGroupId, "ownerGroupId");
        if (backfillPageDays < 1) {
            throw new IllegalArgumentException("backfillPageDays must be positive");
        }
    }

    public boolean enabled() {
        return !apps.isEmpty();
    }

    public URI callbackUrl() {
        return publicUrl.resolve("/v1/connections/callback");
    }

    public URI webhookUrl(String vendor) {
        return publicUrl.resolve("/v1/webhooks/" + vendor);
    }
}
