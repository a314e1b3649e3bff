package org.sleepdelta.ingest.vendor;

import java.util.EnumMap;
import java.util.Map;

/** The adapter for each vendor whose payloads we accept. Adapters are stateless: one instance serves every upload. */
public final class VendorAdapters {
    private static final Map<Vendor, VendorAdapter> ADAPTERS = new EnumMap<>(Vendor.class);

    static {
        ADAPTERS.put(Vendor.APPLE_HEALTH, new org.sleepdelta.ingest.vendor.applehealth.AppleHealthAdapter());
        ADAPTERS.put(Vendor.HEALTH_CONNECT, new org.sleepdelta.ingest.vendor.healthconnect.HealthConnectAdapter());
        ADAPTERS.put(Vendor.OPEN_MHEALTH, new org.sleepdelta.ingest.vendor.openmhealth.OpenMHealthAdapter());
    }

    private VendorAdapters() {}

    /** @throws IllegalArgumentException when no adapter is registered for the vendor */
    public static VendorAdapter forVendor(Vendor vendor) {
        VendorAdapter adapter = ADAPTERS.get(vendor);
        if (adapter == null) {
            throw new IllegalArgumentException("no adapter for " + vendor);
        }
        return adapter;
    }
}
