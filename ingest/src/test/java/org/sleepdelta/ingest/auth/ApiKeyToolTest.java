package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyToolTest {
    @Test
    void createdKeyIsRandomAndItsLineAuthenticatesIt() {
        // when
        ApiKeyTool.NewApiKey first = ApiKeyTool.create("clinic-berlin", "front desk");
        ApiKeyTool.NewApiKey second = ApiKeyTool.create("clinic-berlin", null);

        // then
        assertThat(first.key()).startsWith("sdk_").hasSize(4 + 43);
        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(first.keysFileLine())
                .isEqualTo(ApiKeyHash.sha256Hex(first.key()) + " = clinic-berlin front desk")
                .doesNotContain(first.key());
        ApiKeyLines.Result parsed = ApiKeyLines.parse(List.of(first.keysFileLine(), second.keysFileLine()), "line");
        assertThat(parsed.problems()).isEmpty();
        ApiKeySet keys = new ApiKeySet(parsed.keys());
        assertThat(keys.clinicFor(first.key())).contains("clinic-berlin");
        assertThat(keys.clinicFor(second.key())).contains("clinic-berlin");
        assertThat(first.toString()).doesNotContain(first.key());
    }

    @Test
    void invalidClinicOrLabelIsRefused() {
        assertThatThrownBy(() -> ApiKeyTool.create("clinic/berlin", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create("clinic-berlin", "a;b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create("clinic-berlin", "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyTool.create("clinic-berlin", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
