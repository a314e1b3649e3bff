package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyToolTest {
    private static final ApiKeyPepper PEPPER = TestPepper.PEPPER;

    @Test
    void createdKeyIsRandomWellFormedAndItsHmacLineAuthenticatesIt() {
        // when
        ApiKeyTool.NewApiKey first = ApiKeyTool.create(PEPPER, "clinic-berlin", "front desk");
        ApiKeyTool.NewApiKey second = ApiKeyTool.create(PEPPER, "clinic-berlin", null);

        // then
        assertThat(first.key()).startsWith("sdk_").hasSize(4 + 43);
        assertThat(ApiKeyFormat.isWellFormed(first.key())).isTrue();
        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(first.keysFileLine())
                .isEqualTo("hmac-sha256:" + HexFormat.of().formatHex(PEPPER.hmac(first.key()))
                        + " = clinic-berlin scopes=write front desk")
                .doesNotContain(first.key(), ApiKeyHash.sha256Hex(first.key()));
        ApiKeyLines.Result parsed = ApiKeyLines.parse(List.of(first.keysFileLine(), second.keysFileLine()), "line");
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.legacy()).isEmpty();
        ApiKeySet keys = new ApiKeySet(parsed.keys(), PEPPER);
        assertThat(keys.find(first.key())).hasValueSatisfying(k -> {
            assertThat(k.clinicId()).isEqualTo("clinic-berlin");
            assertThat(k.principal().label()).isEqualTo("front desk");
            assertThat(k.scopes()).containsExactly(Scope.WRITE);
            assertThat(k.expires()).isNull();
        });
        assertThat(keys.clinicFor(second.key())).contains("clinic-berlin");
        assertThat(first.toString()).doesNotContain(first.key());
    }

    @Test
    void scopesAndExpiryAreWrittenAndReadBack() {
        // when
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(
                PEPPER, "clinic-a", "eraser", EnumSet.of(Scope.ERASE, Scope.READ), LocalDate.parse("2027-06-30"));

        // then
        assertThat(key.keysFileLine()).endsWith(" = clinic-a scopes=erase,read expires=2027-06-30 eraser");
        StoredApiKey stored = new ApiKeySet(
                        ApiKeyLines.parse(List.of(key.keysFileLine()), "line").keys(), PEPPER)
                .find(key.key())
                .orElseThrow();
        assertThat(stored.scopes()).containsExactlyInAnyOrder(Scope.ERASE, Scope.READ);
        assertThat(stored.expiredAt(Instant.parse("2027-06-29T23:59:59Z"))).isFalse();
        assertThat(stored.expiredAt(Instant.parse("2027-06-30T00:00:00Z"))).isTrue();
    }

    @Test
    void anotherPepperRecognisesNothing() {
        // given
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(PEPPER, "clinic-a", null);
        ApiKeyPepper other = ApiKeyPepper.of(ApiKeyTool.newPepper());

        // then
        assertThat(new ApiKeySet(
                                ApiKeyLines.parse(List.of(key.keysFileLine()), "line")
                                        .keys(),
                                other)
                        .find(key.key()))
                .isEmpty();
    }

    @Test
    void shortPepperIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> ApiKeyPepper.of("too-short-a-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short-a-secret");
        assertThat(ApiKeyTool.newPepper()).hasSize(43);
        assertThat(ApiKeyPepper.of(ApiKeyTool.newPepper()).toString()).isEqualTo("ApiKeyPepper[<secret>]");
    }

    @Test
    void invalidClinicLabelOrScopesAreRefused() {
        assertThatThrownBy(() -> ApiKeyTool.create(PEPPER, "clinic/berlin", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create(PEPPER, "clinic-berlin", "a;b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create(PEPPER, "clinic-berlin", "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create(PEPPER, "clinic-berlin", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create(PEPPER, "clinic-berlin", "scopes=read"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create(PEPPER, "clinic-berlin", null, Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyOurKeyShapeIsWellFormed() {
        String good = ApiKeyTool.newKey();
        assertThat(ApiKeyFormat.isWellFormed(good)).isTrue();
        assertThat(ApiKeyFormat.isWellFormed(good + "A")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(good.substring(0, good.length() - 1)))
                .isFalse();
        assertThat(ApiKeyFormat.isWellFormed("sdk_" + "A".repeat(42) + "=")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("SDK_" + good.substring(4))).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("sdk_compose-demo-key-not-a-secret"))
                .isFalse();
        assertThat(ApiKeyFormat.isWellFormed("")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(null)).isFalse();
    }
}
