package org.sleepdelta.ingest.vendor.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open stretch of time {@code [start, end)}; {@code end} may equal {@code start} (an empty span). */
public record TimeSpan(Instant start, Instant end) {
    public TimeSpan {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end must not be before start");
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
