package org.sleepdelta.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.validation.Violation;

class ParsedTest {
    @Test
    void mapTurnsAValueAndKeepsTheViolationsOfNone() {
        Parsed<String> invalid = Parsed.invalid(List.of(new Violation("start", "is required")));

        assertThat(Parsed.ok("abc").map(String::length)).isEqualTo(Parsed.ok(3));
        assertThat(invalid.<Integer>map(String::length).violations())
                .containsExactly(new Violation("start", "is required"));
        assertThat(invalid.map(String::length).isValid()).isFalse();
    }
}
