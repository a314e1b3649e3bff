package org.sleepdelta.ingest.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VendorAdaptersTest {

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"APPLE_HEALTH", "HEALTH_CONNECT", "OPEN_MHEALTH"})
    void eachStreamingVendorHasAnAdapterForItsOwnVendor(Vendor vendor) {
        // when
        VendorAdapter adapter = VendorAdapters.forVendor(vendor);

        // then
        assertThat(adapter.vendor()).isEqualTo(vendor);
    }
}
