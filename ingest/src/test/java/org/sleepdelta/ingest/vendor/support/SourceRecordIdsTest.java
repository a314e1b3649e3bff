package org.sleepdelta.ingest.vendor.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.Ids;

class SourceRecordIdsTest {

    @Test
    void aVendorIdThatFitsTheContractIsKeptAsIs() {
        // when / then
        assertThat(SourceRecordIds.fromVendorId("hc-", "8f1c2f54-6f7e-4b8a-9a43-2c1d5e6f7a80"))
                .isEqualTo("8f1c2f54-6f7e-4b8a-9a43-2c1d5e6f7a80");
    }

    @Test
    void aVendorIdTooLongOrWithForbiddenCharactersIsHashedIntoAValidStableId() {
        // given 70 characters, and one with a slash and spaces
        String tooLong = "x".repeat(70);
        String slashed = "sleep/2026 03 02";

        // when
        String a = SourceRecordIds.fromVendorId("omh-", tooLong);
        String b = SourceRecordIds.fromVendorId("omh-", slashed);

        // then prefix + 32 hex characters, the same every time, different for different ids
        assertThat(a).matches("omh-[0-9a-f]{32}").isEqualTo(SourceRecordIds.fromVendorId("omh-", tooLong));
        assertThat(b).matches("omh-[0-9a-f]{32}").isNotEqualTo(a);
        assertThat(Ids.isValid(a)).isTrue();
    }

    @Test
    void keyPartsAreSeparatedSoShiftingABoundaryChangesTheHash() {
        // when / then: "ab"+"c" is not "a"+"bc"
        assertThat(SourceRecordIds.hashed("h-", "ab", "c")).isNotEqualTo(SourceRecordIds.hashed("h-", "a", "bc"));
    }
}
