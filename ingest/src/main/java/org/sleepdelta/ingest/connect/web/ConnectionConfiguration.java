package org.sleepdelta.ingest.connect.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.InvalidValueException;
import org.sleepdelta.platform.config.Setting;

/**
 * The settings of vendor connections (docs/configuration.md, docs/connections.md), part of ingest's. Connections are
 * off unless at least one vendor's client id is set; then {@code connections-public-url} is required too.
 */
public final class ConnectionConfiguration {
    /** Ingest's address as vendors and the clients' browsers reach it: the callback and webhooks hang off it. */
    public static final Setting<URI> PUBLIC_URL = url("connections-public-url").optional();

    public static final Setting<Duration> LINK_TTL = Setting.duration(
                    "connection-link-ttl", Duration.ofMinutes(1), Duration.ofDays(7))
            .withDefault("30m");
    public static final Setting<Duration> POLL_INTERVAL = Setting.duration(
                    "connection-poll-interval", Duration.ofMinutes(1), Duration.ofDays(7))
            .withDefault("1h");
    public static final Setting<Duration> POLL_INTERVAL_WITH_WEBHOOKS = Setting.duration(
                    "connection-poll-interval-with-webhooks", Duration.ofMinutes(1), Duration.ofDays(7))
            .withDefault("12h");
    public static final Setting<Duration> WEBHOOK_QUIET_AFTER = Setting.duration(
                    "connection-webhook-quiet-after", Duration.ofMinutes(1), Duration.ofDays(30))
            .withDefault("24h");
    public static final Setting<Duration> LOOKBACK = Setting.duration(
                    "connection-lookback", Duration.ZERO, Duration.ofDays(30))
            .withDefault("2d");
    public static final Setting<Integer> BACKFILL_PAGE_DAYS =
            Setting.integer("connection-backfill-page-days", 1, 365).withDefault("30");
    public static final Setting<String> OWNER_GROUP =
            Setting.string("connection-owner-group").withDefault("sleepdelta-connections");

    /**
     * The secret {@code key} query parameter of the push URL registered with Garmin, which signs nothing: with it set,
     * a push without the key is refused (docs/connections/garmin.md). Long and random, URL-safe.
     */
    public static final Setting<String> GARMIN_WEBHOOK_KEY = Setting.custom(
                    "garmin-webhook-key", "at least 24 characters of A-Z a-z 0-9 _ -", text -> {
                        String key = text.strip();
                        if (key.length() < 24 || !key.matches("[A-Za-z0-9_-]+")) {
                            throw new InvalidValueException(
                                    "must be at least 24 URL-safe characters (A-Z a-z 0-9 _ -)");
                        }
                        return key;
                    })
            .secret()
            .optional();

    /** The vendors we can connect, with their public endpoints (the Fitbit connection reads Google's Health API). */
    static final List<VendorAppSettings> VENDORS = List.of(
            VendorAppSettings.of(
                    "oura",
                    "https://cloud.ouraring.com/oauth/authorize",
                    "https://api.ouraring.com/oauth/token",
                    "https://api.ouraring.com",
                    1000),
            VendorAppSettings.of(
                    "withings",
                    "https://account.withings.com/oauth2_user/authorize2",
                    "https://wbsapi.withings.net/v2/oauth2",
                    "https://wbsapi.withings.net",
                    120),
            VendorAppSettings.of(
                    "garmin",
                    "https://connect.garmin.com/oauth2Confirm",
                    "https://diauth.garmin.com/di-oauth2-service/oauth/token",
                    "https://apis.garmin.com",
                    100),
            VendorAppSettings.of(
                    "fitbit",
                    "https://accounts.google.com/o/oauth2/v2/auth",
                    "https://oauth2.googleapis.com/token",
                    "https://health.googleapis.com",
                    300));

    /** Every setting above, for ingest's list. */
    public static final List<Setting<?>> SETTINGS = settings();

    private ConnectionConfiguration() {}

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(List.of(
                PUBLIC_URL,
                LINK_TTL,
                POLL_INTERVAL,
                POLL_INTERVAL_WITH_WEBHOOKS,
                WEBHOOK_QUIET_AFTER,
                LOOKBACK,
                BACKFILL_PAGE_DAYS,
                OWNER_GROUP,
                GARMIN_WEBHOOK_KEY));
        VENDORS.forEach(v -> all.addAll(v.all()));
        return List.copyOf(all);
    }

    /**
     * The connection settings, or null when no vendor is configured (connections off).
     *
     * @throws IllegalArgumentException naming the setting: a client id without its secret (or the reverse), or a
     *     vendor configured without {@code connections-public-url}
     */
    public static ConnectionSettings read(Configuration config) {
        Map<String, VendorApp> apps = new LinkedHashMap<>();
        for (VendorAppSettings vendor : VENDORS) {
            vendor.read(config).ifPresent(app -> apps.put(vendor.vendor(), app));
        }
        Optional<String> garminKey = config.find(GARMIN_WEBHOOK_KEY);
        if (garminKey.isPresent()) {
            VendorApp garmin = apps.get("garmin");
            if (garmin == null) {
                throw new IllegalArgumentException(GARMIN_WEBHOOK_KEY.key() + " is set but garmin-client-id is not");
            }
            apps.put("garmin", garmin.withWebhookKey(garminKey.get()));
        }
        if (apps.isEmpty()) {
            return null;
        }
        URI publicUrl = config.find(PUBLIC_URL)
                .orElseThrow(() -> new IllegalArgumentException(PUBLIC_URL.key() + " ("
                        + PUBLIC_URL.environmentVariable() + ") is required when a vendor is configured ("
                        + apps.keySet().stream().map(v -> v + "-client-id").collect(Collectors.joining(", "))
                        + "): the vendors redirect the client's browser to <url>/v1/connections/callback"));
        if (!publicUrl.getPath().isEmpty()) {
            throw new IllegalArgumentException(PUBLIC_URL.key() + " must have no path (was " + publicUrl.getPath()
                    + "): the callback and webhooks are served at /v1/... of that address");
        }
        return new ConnectionSettings(
                publicUrl,
                apps,
                config.get(LINK_TTL),
                config.get(POLL_INTERVAL),
                config.get(POLL_INTERVAL_WITH_WEBHOOKS),
                config.get(WEBHOOK_QUIET_AFTER),
                config.get(LOOKBACK),
                config.get(BACKFILL_PAGE_DAYS),
                config.get(OWNER_GROUP));
    }

    /** What to set to turn connections on, for the answer of a route while they are off. */
    public static String howToEnable() {
        return "vendor connections are off: set " + PUBLIC_URL.key() + " and, for each vendor to connect, "
                + VENDORS.stream().map(v -> v.clientId().key()).collect(Collectors.joining(", ", "<one of ", ">"))
                + " with its client secret (docs/connections.md)";
    }

    /** An absolute http(s) URL without query or fragment; a trailing slash is dropped. */
    static Setting<URI> url(String key) {
        return Setting.custom(
                key, "an absolute http or https URL without query or fragment, like https://host", text -> {
                    URI uri;
                    try {
                        uri = new URI(text.strip());
                    } catch (URISyntaxException e) {
                        throw new InvalidValueException("not a URL");
                    }
                    String scheme =
                            uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!uri.isAbsolute()
                            || !(scheme.equals("http") || scheme.equals("https"))
                            || uri.getHost() == null) {
                        throw new InvalidValueException("not an absolute http(s) URL with a host");
                    }
                    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                        throw new InvalidValueException("has a query or fragment");
                    }
                    String s = uri.toString();
                    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
                });
    }
}
