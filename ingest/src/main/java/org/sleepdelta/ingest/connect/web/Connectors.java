package org.sleepdelta.ingest.connect.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.schemas.connections.ConnectionKey;

/** The connector of each configured vendor, built once at start, and the route's questions about a vendor. */
public final class Connectors {
    private final Map<String, VendorConnector> byVendor;

    private Connectors(Map<String, VendorConnector> byVendor) {
        this.byVendor = Map.copyOf(byVendor);
    }

    /**
     * The connectors of the configured vendors.
     *
     * @param settings null when connections are off (then no vendor is configured)
     */
    public static Connectors build(ConnectionSettings settings, Function<VendorApp, VendorConnector> factory) {
        Map<String, VendorConnector> connectors = new LinkedHashMap<>();
        if (settings != null) {
            settings.apps().forEach((vendor, app) -> connectors.put(vendor, factory.apply(app)));
        }
        return new Connectors(connectors);
    }

    public boolean enabled() {
        return !byVendor.isEmpty();
    }

    /** Every configured vendor's connector, by vendor. */
    public Map<String, VendorConnector> all() {
        return byVendor;
    }

    public Optional<VendorConnector> find(String vendor) {
        return Optional.ofNullable(byVendor.get(vendor));
    }

    /**
     * The connector of a path's vendor.
     *
     * @throws org.sleepdelta.ingest.http.ApiException 404 for an unknown vendor, or one not configured here
     */
    VendorConnector require(String vendor) {
        if (!ConnectionKey.VENDORS.contains(vendor)) {
            throw WebErrors.unknownVendor(String.join(", ", ConnectionKey.VENDORS));
        }
        VendorConnector connector = byVendor.get(vendor);
        if (connector == null) {
            throw WebErrors.vendorNotConfigured(vendor);
        }
        return connector;
    }

    /** How a page names the vendor to the client. */
    static String displayName(String vendor) {
        return switch (vendor) {
            case "oura" -> "Oura";
            case "withings" -> "Withings";
            case "garmin" -> "Garmin";
            case "fitbit" -> "Fitbit";
            default -> vendor;
        };
    }

    /** The adapter that reads a connection vendor's payloads: Fitbit's data now comes from Google's Health API. */
    static String adapterOf(String vendor) {
        return vendor.equals("fitbit") ? "google-health" : vendor;
    }
}
