package org.sleepdelta.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void sizesAreWrittenWithBinaryUnits() {
        assertThat(ByteSize.parse("20MB", 1, Long.MAX_VALUE)).isEqualTo(20L << 20);
        assertThat(ByteSize.parse("3 kb", 1, Long.MAX_VALUE)).isEqualTo(3072);
        assertThat(ByteSize.parse("1GB", 1, Long.MAX_VALUE)).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("4096", 1, Long.MAX_VALUE)).isEqualTo(4096);
        assertThatThrownBy(() -> ByteSize.parse("2TB", 1, Long.MAX_VALUE)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ByteSize.parse("1KB", 2048, 4096)).isInstanceOf(InvalidValueException.class);
    }
}
