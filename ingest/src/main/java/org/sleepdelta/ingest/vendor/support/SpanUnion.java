package org.sleepdelta.ingest.vendor.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The part of the time line that a set of possibly overlapping spans covers, each instant counted once: the tool
 * that keeps duplicate or overlapping vendor segments from being double-counted. Spans that touch are merged, so
 * {@link #spans()} are sorted, disjoint and separated by real gaps.
 */
public final class SpanUnion {
    private static final SpanUnion EMPTY = new SpanUnion(List.of());

    private final List<TimeSpan> spans;

    private SpanUnion(List<TimeSpan> spans) {
        this.spans = spans;
    }

    public static SpanUnion of(Collection<TimeSpan> input) {
        List<TimeSpan> sorted = new ArrayList<>(input.size());
        for (TimeSpan s : input) {
            if (s.end().isAfter(s.start())) {
                sorted.add(s);
            }
        }
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        sorted.sort(Comparator.comparing(TimeSpan::start));
        List<TimeSpan> merged = new ArrayList<>();
        Instant start = sorted.get(0).start();
        Instant end = sorted.get(0).end();
        for (TimeSpan s : sorted.subList(1, sorted.size())) {
            if (s.start().isAfter(end)) {
                merged.add(new TimeSpan(start, end));
                start = s.start();
                end = s.end();
            } else if (s.end().isAfter(end)) {
                end = s.end();
            }
        }
        merged.add(new TimeSpan(start, end));
        return new SpanUnion(List.copyOf(merged));
    }

    /** Sorted, disjoint, non-touching spans. */
    public List<TimeSpan> spans() {
        return spans;
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    public Duration total() {
        Duration total = Duration.ZERO;
        for (TimeSpan s : spans) {
            total = total.plus(s.duration());
        }
        return total;
    }

    /** Start of the first span; only for a non-empty union. */
    public Instant first() {
        return spans.get(0).start();
    }

    /** End of the last span; only for a non-empty union. */
    public Instant last() {
        return spans.get(spans.size() - 1).end();
    }

    /** The covered time within {@code [from, to)}. */
    public SpanUnion clip(Instant from, Instant to) {
        List<TimeSpan> clipped = new ArrayList<>();
        for (TimeSpan s : spans) {
            Instant start = s.start().isBefore(from) ? from : s.start();
            Instant end = s.end().isAfter(to) ? to : s.end();
            if (end.isAfter(start)) {
                clipped.add(new TimeSpan(start, end));
            }
        }
        return clipped.isEmpty() ? EMPTY : new SpanUnion(List.copyOf(clipped));
    }
}
