package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
        assertThat(result.keys().get(0).digest()).isEqualTo(ApiKeyHash.fromHex(HASH_A));
        assertThat(result.keys().get(1).clinicId()).isEqualTo("clinic-oslo");
        assertThat(result.keys().get(1).label()).isNull();
        assertThat(result.keys().get(1).digest()).isEqualTo(ApiKeyHash.fromHex(HASH_B));
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
                        "line 1: expected " + ApiKeyLines.FORMAT,
                        "line 2: expected " + ApiKeyLines.FORMAT,
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
                .containsExactly("entry 1: expected " + ApiKeyLines.FORMAT);
    }

    @Test
    void hmacLinesCarryScopesExpiryAndLabelAndLegacyLinesAreNamed() {
        // when
        ApiKeyLines.Result result = ApiKeyLines.parse(
                List.of(
                        "hmac-sha256:" + HASH_A + " = clinic-a scopes=write,read expires=2027-06-30 front desk",
                        "hmac-sha256:" + HASH_B + " = clinic-b expires=2027-06-30T12:00:00Z scopes=ERASE",
                        "hmac-sha256:" + HASH_A.replace('9', '8') + " = clinic-c",
                        HASH_B + " = clinic-old legacy laptop"),
                "line",
                true);

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.legacy()).containsExactly("line 4");
        StoredApiKey a = result.keys().get(0);
        assertThat(a.hashing()).isEqualTo(StoredApiKey.Hashing.HMAC_SHA256);
        assertThat(a.scopes()).containsExactlyInAnyOrder(Scope.WRITE, Scope.READ);
        assertThat(a.expires()).isEqualTo(Instant.parse("2027-06-30T00:00:00Z"));
        assertThat(a.label()).isEqualTo("front desk");
        StoredApiKey b = result.keys().get(1);
        assertThat(b.scopes()).containsExactly(Scope.ERASE);
        assertThat(b.expires()).isEqualTo(Instant.parse("2027-06-30T12:00:00Z"));
        assertThat(b.label()).isNull();
        assertThat(b.displayLabel()).isEqualTo("key:" + HASH_B.substring(0, 8));
        StoredApiKey c = result.keys().get(2);
        assertThat(c.scopes()).containsExactly(Scope.WRITE);
        assertThat(c.expires()).isNull();
        StoredApiKey old = result.keys().get(3);
        assertThat(old.hashing()).isEqualTo(StoredApiKey.Hashing.LEGACY_SHA256);
        assertThat(old.label()).isEqualTo("legacy laptop");
    }

    @Test
    void badScopesOrExpiryAndHmacLinesWithoutPepperAreProblems() {
        // when
        ApiKeyLines.Result result = ApiKeyLines.parse(
                List.of(
                        "hmac-sha256:" + HASH_A + " = clinic-a scopes=write,admin",
                        "hmac-sha256:" + HASH_B + " = clinic-b expires=next-year",
                        "hmac-sha256:" + HASH_B.replace('6', '7') + " = clinic-c",
                        HASH_A + " = clinic-old"),
                "line",
                false);

        // then
        assertThat(result.problems())
                .containsExactly(
                        "line 1: hmac-sha256 keys need the API key pepper: set api-key-pepper-file"
                                + " (SLEEPDELTA_API_KEY_PEPPER_FILE) or SLEEPDELTA_API_KEY_PEPPER",
                        "line 2: hmac-sha256 keys need the API key pepper: set api-key-pepper-file"
                                + " (SLEEPDELTA_API_KEY_PEPPER_FILE) or SLEEPDELTA_API_KEY_PEPPER",
                        "line 3: hmac-sha256 keys need the API key pepper: set api-key-pepper-file"
                                + " (SLEEPDELTA_API_KEY_PEPPER_FILE) or SLEEPDELTA_API_KEY_PEPPER");
        assertThat(ApiKeyLines.parse(
                                List.of(
                                        "hmac-sha256:" + HASH_A + " = clinic-a scopes=write,admin",
                                        "hmac-sha256:" + HASH_B + " = clinic-b expires=next-year"),
                                "line",
                                true)
                        .problems())
                .containsExactly(
                        "line 1: scopes must be a comma-separated list of write, erase, read",
                        "line 2: expires must be a date like 2027-06-30 or an instant like 2027-06-30T12:00:00Z");
    }
}
