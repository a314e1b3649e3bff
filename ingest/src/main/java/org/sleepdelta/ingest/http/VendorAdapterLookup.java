package org.sleepdelta.ingest.http;

import java.util.Optional;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;

/**
 * Finds the adapter for a vendor's payloads, for {@code POST /v1/wearables/{vendor}/sleep}.
 *
 * <p>SEAM: the adapters and their registry ({@code org.sleepdelta.ingest.vendor.VendorAdapters.forVendor(Vendor)})
 * are being written on other branches. Once merged, the service is to be wired with
 * {@code vendor -> Optional.of(VendorAdapters.forVendor(vendor))} (in {@link IngestService#IngestService(
 * org.sleepdelta.platform.config.Configuration)}); until then {@link #NONE} answers 404 for every vendor.
 */
@FunctionalInterface
public interface VendorAdapterLookup {
    VendorAdapterLookup NONE = vendor -> Optional.empty();

    /** @return the vendor's adapter, or empty when there is none (404) */
    Optional<VendorAdapter> find(Vendor vendor);
}
