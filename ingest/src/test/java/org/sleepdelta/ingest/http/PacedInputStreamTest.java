package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacedInputStreamTest {
    /** 1000 bytes a second after 1s of grace, 10s in all. */
    private static final UploadPace PACE = new UploadPace(1000, Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final AtomicLong now = new AtomicLong();

    /** A body whose every read takes {@code millisPerRead} on the test clock. */
    private PacedInputStream body(int size, long millisPerRead, Runnable onClose) {
        InputStream slow = new ByteArrayInputStream(new byte[size]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                now.addAndGet(Duration.ofMillis(millisPerRead).toNanos());
                return super.read(b, off, len);
            }
        };
        return new PacedInputStream(slow, PACE, now::get, onClose);
    }

    @Test
    void bodyArrivingFastEnoughIsReadWhole() throws IOException {
        // 100 bytes per 50 ms = 2000 bytes a second
        try (PacedInputStream in = body(5000, 50, () -> {})) {
            byte[] buffer = new byte[100];
            long total = 0;
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                total += n;
            }
            assertThat(total).isEqualTo(5000);
        }
    }

    @Test
    void bodySlowerThanTheRateIsCutOnlyAfterTheGrace() throws IOException {
        // 10 bytes per 100 ms = 100 bytes a second
        PacedInputStream in = body(5000, 100, () -> {});
        byte[] buffer = new byte[10];
        for (int i = 0; i < 10; i++) { // the first second passes
            assertThat(in.read(buffer, 0, buffer.length)).isEqualTo(10);
        }
        assertThatThrownBy(() -> in.read(buffer, 0, buffer.length))
                .isInstanceOf(PacedInputStream.TooSlow.class)
                .hasMessageContaining(
                        "less than 1000 bytes per second (min-upload-bytes-per-second) after the first 1s");
    }

    @Test
    void bodyFastEnoughButLongerThanTheDeadlineIsCut() throws IOException {
        // 2000 bytes a second, for 20 s
        PacedInputStream in = body(40_000, 50, () -> {});
        byte[] buffer = new byte[100];
        assertThatThrownBy(() -> {
                    while (in.read(buffer, 0, buffer.length) > 0) {
                        // reading
                    }
                })
                .isInstanceOf(PacedInputStream.TooSlow.class)
                .hasMessageContaining("not read within 10s (request-deadline)");
        assertThat(now.get())
                .isBetween(
                        Duration.ofSeconds(10).toNanos(),
                        Duration.ofMillis(10_100).toNanos());
    }

    @Test
    void readEndedByTheIdleTimeoutIsAPauseTooLongAndClosingRunsTheHookOnce() throws IOException {
        // given a body whose read fails as Jetty's does when the connection is idle
        AtomicBoolean closed = new AtomicBoolean();
        InputStream idle = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException(new TimeoutException("Idle timeout expired: 1000/1000 ms"));
            }
        };
        PacedInputStream in = new PacedInputStream(idle, PACE, now::get, () -> closed.set(true));

        // then
        assertThatThrownBy(() -> in.read(new byte[10], 0, 10))
                .isInstanceOf(PacedInputStream.TooSlow.class)
                .hasMessageContaining("nothing of the body arrived for 1s (min-upload-rate-grace)");
        in.close();
        assertThat(closed).isTrue();
    }

    @Test
    void otherReadFailuresStayAsTheyAre() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        PacedInputStream in = new PacedInputStream(broken, PACE, now::get, () -> {});
        assertThatThrownBy(() -> in.read(new byte[10], 0, 10))
                .isNotInstanceOf(PacedInputStream.TooSlow.class)
                .hasMessage("connection reset");
    }

    @Test
    void paceThatCannotHoldIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> new UploadPace(1024, Duration.ofSeconds(30), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request-deadline (10s) must not be shorter than min-upload-rate-grace (30s)");
    }
}
