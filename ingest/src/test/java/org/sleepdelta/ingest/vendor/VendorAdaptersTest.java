package org.sleepdelta.ingest.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VendorAdaptersTest {

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void everyVendorHasAnAdapterThatSaysItIsThatVendor(Vendor vendor) {
        assertThat(VendorAdapters.forVendor(vendor)).as(vendor.name())
                .hasValueSatisfying(adapter -> assertThat(adapter.vendor()).isEqualTo(vendor));
    }
}
