package org.sleepdelta.ingest.vendor;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.sleepdelta.ingest.vendor.applehealth.AppleHealthAdapter;
import org.sleepdelta.ingest.vendor.fitbit.FitbitAdapter;
import org.sleepdelta.ingest.vendor.garmin.GarminAdapter;
import org.sleepdelta.ingest.vendor.googlehealth.GoogleHealthAdapter;
import org.sleepdelta.ingest.vendor.healthconnect.HealthConnectAdapter;
import org.sleepdelta.ingest.vendor.openmhealth.OpenMHealthAdapter;
import org.sleepdelta.ingest.vendor.oura.OuraAdapter;
import org.sleepdelta.ingest.vendor.withings.WithingsAdapter;

/** The adapter for each vendor whose payloads we accept. Adapters keep no state between payloads, so one serves all. */
public final class VendorAdapters {
    private static final Map<Vendor, VendorAdapter> ADAPTERS = new EnumMap<>(Vendor.class);

    static {
        register(new FitbitAdapter());
        register(new OuraAdapter());
        register(new GarminAdapter());
        register(new WithingsAdapter());
        register(new AppleHealthAdapter());
        register(new HealthConnectAdapter());
        register(new OpenMHealthAdapter());
        register(new GoogleHealthAdapter());
    }

    private VendorAdapters() {}

    private static void register(VendorAdapter adapter) {
        ADAPTERS.put(adapter.vendor(), adapter);
    }

    /** Empty for a vendor that has no adapter. */
    public static Optional<VendorAdapter> forVendor(Vendor vendor) {
        return Optional.ofNullable(ADAPTERS.get(vendor));
    }
}
