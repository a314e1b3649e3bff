package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The segments of one source that lie within {@link #GAP} of each other: one sleep period in the making. */
final class Cluster {
    /** Segments further apart than this belong to different periods (a nap and the night, a split night). */
    static final Duration GAP = Duration.ofHours(1);

    private final List<Segment> segments = new ArrayList<>();
    private Instant start;
    private Instant end;

    boolean accepts(Segment s) {
        return !s.start().isAfter(end.plus(GAP)) && !s.end().plus(GAP).isBefore(start);
    }

    void add(Segment s) {
        segments.add(s);
        start = start == null || s.start().isBefore(start) ? s.start() : start;
        end = end == null || s.end().isAfter(end) ? s.end() : end;
    }

    void absorb(Cluster other) {
        other.segments.forEach(this::add);
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    List<Segment> segments() {
        return segments;
    }
}
