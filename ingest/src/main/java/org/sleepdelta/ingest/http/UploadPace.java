package org.sleepdelta.ingest.http;

import java.time.Duration;

/**
 * How fast a request body must arrive, so that a slow or stalled upload cannot hold a request slot (and its clinic's
 * quota) for long: after {@code grace}, at least {@code minBytesPerSecond} on average since reading began, with no pause
 * longer than {@code grace}; and all of it within {@code deadline}. A breach ends the request with 408
 * {@code request_timeout} ({@link PacedInputStream}).
 *
 * @param minBytesPerSecond the average rate a body must keep after {@code grace}; 0 checks no rate (pauses still end it)
 * @param grace             how long a body may arrive slower than that, and the longest pause in it
 * @param deadline          how long reading a body may take in all
 */
public record UploadPace(long minBytesPerSecond, Duration grace, Duration deadline) {
    public UploadPace {
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "min-upload-bytes-per-second must be 0 or more, not " + minBytesPerSecond);
        }
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("min-upload-rate-grace must be positive, not " + grace);
        }
        if (deadline.compareTo(grace) < 0) {
            throw new IllegalArgumentException("request-deadline (" + text(deadline)
                    + ") must not be shorter than min-upload-rate-grace (" + text(grace) + ")");
        }
    }

    /** A duration as the settings write it: {@code 10m}, {@code 30s}, {@code 500ms}. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
