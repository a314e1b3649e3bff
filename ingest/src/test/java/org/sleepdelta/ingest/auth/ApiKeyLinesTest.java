package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ApiKeyLinesTest {
    private static final String HASH_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String HASH_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    @Test
    void linesGiveHashClinicAndOptionalLabelSkippingCommentsAndBlanks() {
        // when
        ApiKeyLines.Result result = ApiKeyLines.parse(
                List.of(
                        "# keys of two clinics",
                        "",
                        HASH_A + " = clinic-berlin front desk laptop",
                        "  " + HASH_B.toUpperCase(Locale.ROOT) + "=clinic-oslo  "),
                "line");

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.keys()).hasSize(2);
        assertThat(result.keys().get(0).clinicId()).isEqualTo("clinic-berlin");
        assertThat(result.keys().get(0).label()).isEqualTo("front desk laptop");
        assertThat(result.keys().get(0).sha256()).isEqualTo(ApiKeyHash.fromHex(HASH_A));
        assertThat(result.keys().get(1).clinicId()).isEqualTo("clinic-oslo");
        assertThat(result.keys().get(1).label()).isNull();
        assertThat(result.keys().get(1).sha256()).isEqualTo(ApiKeyHash.fromHex(HASH_B));
    }

    @Test
    void badLinesAreNamedByNumberWithoutQuotingThem() {
        // when
        ApiKeyLines.Result result = ApiKeyLines.parse(
                List.of(
                        HASH_A + " clinic-berlin", // no '='
                        HASH_A.substring(1) + " = clinic-x", // 63 hex digits
                        HASH_B + " = clinic/berlin", // clinic id with '/'
                        HASH_B + " = clinic-oslo",
                        HASH_B + " = clinic-oslo again"), // the same hash twice
                "line");

        // then
        assertThat(result.isValid()).isFalse();
        assertThat(result.problems())
                .containsExactly(
                        "line 1: expected <sha256-hex> = <clinicId> [label]",
                        "line 2: expected <sha256-hex> = <clinicId> [label]",
                        "line 3: the clinic id must match [A-Za-z0-9._:-]{1,64}",
                        "line 5: the same key hash is listed twice");
        assertThat(String.join(" ", result.problems())).doesNotContain(HASH_A.substring(0, 8), HASH_B.substring(0, 8));
    }

    @Test
    void environmentFormSeparatesEntriesBySemicolons() {
        // when
        ApiKeyLines.Result result = ApiKeyLines.parseEnvironment(HASH_A + "=clinic-a;" + HASH_B + "=clinic-b ci;");

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.keys()).extracting(StoredApiKey::clinicId).containsExactly("clinic-a", "clinic-b");
        assertThat(ApiKeyLines.parseEnvironment("x=y").problems())
                .containsExactly("entry 1: expected <sha256-hex> = <clinicId> [label]");
    }
}
