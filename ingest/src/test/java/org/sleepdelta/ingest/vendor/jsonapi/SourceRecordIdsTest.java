package org.sleepdelta.ingest.vendor.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.Ids;

class SourceRecordIdsTest {

    @Test
    void aVendorIdThatFitsThePatternIsKeptBehindTheVendorPrefix() {
        assertThat(SourceRecordIds.of("fitbit", "26013218219")).isEqualTo("fitbit:26013218219");
        assertThat(SourceRecordIds.of("oura", "8f3e1a52-9c1d-4e5b-a7f0-2d6c4b1e9a37"))
                .isEqualTo("oura:8f3e1a52-9c1d-4e5b-a7f0-2d6c4b1e9a37");
    }

    @Test
    void disallowedCharactersBecomeUnderscoresFollowedByAHashOfTheOriginalId() throws Exception {
        // given a Garmin summary id with a space, which the id pattern does not allow
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("sd 5f3a/01".getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);

        // when / then
        assertThat(SourceRecordIds.of("garmin", "sd 5f3a/01")).isEqualTo("garmin:sd_5f3a_01." + hash);
    }

    @Test
    void idsThatCleanUpToTheSameTextStayDistinct() {
        assertThat(SourceRecordIds.of("garmin", "a b")).isNotEqualTo(SourceRecordIds.of("garmin", "a/b"));
    }

    @Test
    void anOverlongIdIsCutToSixtyFourCharactersAndStaysDeterministic() {
        String longId = "x".repeat(80);

        String id = SourceRecordIds.of("withings", longId);

        assertThat(id).hasSize(64).startsWith("withings:xxx").matches(Ids.PATTERN);
        assertThat(SourceRecordIds.of("withings", longId)).isEqualTo(id);
        assertThat(SourceRecordIds.of("withings", longId + "y")).isNotEqualTo(id);
    }
}
