package org.sleepdelta.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DefaultValuesTest {
    @Test
    void ordinaryDefaultMustBeWrittenExactly() {
        assertThat(DefaultValues.matches("8080", "8080")).isTrue();
        assertThat(DefaultValues.matches("8080 (any)", "8080")).isFalse();
        assertThat(DefaultValues.matches("808", "8080")).isFalse();
    }

    @Test
    void defaultUnderTheTemporaryDirectoryIsWrittenWithJavaIoTmpdir() {
        // given streams' state-dir as this machine computes it
        String codeDefault = Path.of(System.getProperty("java.io.tmpdir"), "sleepdelta-streams")
                .toString();

        // then
        assertThat(DefaultValues.portable(codeDefault)).isEqualTo("${java.io.tmpdir}/sleepdelta-streams");
        assertThat(DefaultValues.matches("${java.io.tmpdir}/sleepdelta-streams", codeDefault))
                .isTrue();
        assertThat(DefaultValues.matches("${java.io.tmpdir}/sleepdelta-other", codeDefault))
                .isFalse();
        assertThat(DefaultValues.matches("/tmp/sleepdelta-streams-x", codeDefault))
                .isFalse();
    }
}
