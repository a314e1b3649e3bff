package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {
    @Test
    void streamOfExactlyTheLimitIsReadWhole() throws IOException {
        assertThat(new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100).readAllBytes())
                .hasSize(100);
    }

    @Test
    void oneByteMoreThanTheLimitFails() {
        assertThatThrownBy(() -> new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100).readAllBytes())
                .isInstanceOf(LimitedInputStream.TooLarge.class);
        assertThatThrownBy(() -> {
                    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100);
                    while (in.read() >= 0) {
                        // byte by byte
                    }
                })
                .isInstanceOf(LimitedInputStream.TooLarge.class);
    }

    @Test
    void tooLargeIsRecognisedThroughWrappers() {
        Exception wrapped = new IllegalStateException(new IOException(new LimitedInputStream.TooLarge(1)));
        assertThat(LimitedInputStream.isTooLarge(wrapped)).isTrue();
        assertThat(LimitedInputStream.isTooLarge(new IOException("other"))).isFalse();
    }
}
