package org.sleepdelta.ingest.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class VendorAdaptersTest {

    @Test
    void eachJsonApiVendorHasAnAdapterThatSaysItIsThatVendor() {
        for (Vendor vendor : EnumSet.of(Vendor.FITBIT, Vendor.OURA, Vendor.GARMIN, Vendor.WITHINGS)) {
            assertThat(VendorAdapters.forVendor(vendor)).as(vendor.name())
                    .hasValueSatisfying(adapter -> assertThat(adapter.vendor()).isEqualTo(vendor));
        }
    }
}
