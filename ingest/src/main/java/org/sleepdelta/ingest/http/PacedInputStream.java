package org.sleepdelta.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A request body that must keep its {@link UploadPace}: every read checks the deadline and, after the grace period,
 * the average rate since the first read, failing with {@link TooSlow}. A read that blocks because nothing arrives
 * returns only when the connection's idle timeout (set to the grace period while the body is read) fails it; that
 * failure becomes {@link TooSlow} too.
 */
final class PacedInputStream extends FilterInputStream {
    /** The body arrived too slowly, paused too long or took longer than the deadline; the message says which. */
    static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final UploadPace pace;
    private final LongSupplier nanoTime;
    private final Runnable onClose;
    private final long started;
    private long count;

    /**
     * @param onClose  run once when the stream is closed (gives the connection its idle timeout back)
     * @param nanoTime the clock, {@link System#nanoTime} outside tests
     */
    PacedInputStream(InputStream in, UploadPace pace, LongSupplier nanoTime, Runnable onClose) {
        super(in);
        this.pace = pace;
        this.nanoTime = nanoTime;
        this.onClose = onClose;
        this.started = nanoTime.getAsLong();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkDeadline();
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            if (isIdleTimeout(e)) {
                throw new TooSlow(
                        "nothing of the body arrived for " + UploadPace.text(pace.grace())
                                + " (min-upload-rate-grace); the request was ended",
                        e);
            }
            throw e;
        }
        if (n > 0) {
            count += n;
            checkDeadline();
            checkRate();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Through read, so that skipped bytes are paced too.
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            onClose.run();
        }
    }

    private void checkDeadline() throws TooSlow {
        if (nanoTime.getAsLong() - started > pace.deadline().toNanos()) {
            throw new TooSlow(
                    "the body was not read within " + UploadPace.text(pace.deadline())
                            + " (request-deadline); the request was ended",
                    null);
        }
    }

    private void checkRate() throws TooSlow {
        long elapsed = nanoTime.getAsLong() - started;
        if (pace.minBytesPerSecond() == 0 || elapsed <= pace.grace().toNanos()) {
            return;
        }
        // count / seconds < rate, in doubles so that neither product can overflow
        if ((double) count * 1e9 < (double) pace.minBytesPerSecond() * elapsed) {
            throw new TooSlow(
                    "the body arrived at less than " + pace.minBytesPerSecond()
                            + " bytes per second (min-upload-bytes-per-second) after the first "
                            + UploadPace.text(pace.grace()) + " (min-upload-rate-grace); the request was ended",
                    null);
        }
    }

    /** Jetty fails a blocked read with a {@link TimeoutException} (possibly wrapped) when the connection is idle. */
    private static boolean isIdleTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether this failure, or one of its causes, is a body too slow (adapters may wrap it). */
    static boolean isTooSlow(Throwable failure) {
        return find(failure) != null;
    }

    static TooSlow find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooSlow tooSlow) {
                return tooSlow;
            }
        }
        return null;
    }
}
