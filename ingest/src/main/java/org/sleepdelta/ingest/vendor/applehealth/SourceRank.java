package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.util.Comparator;

/**
 * How good one source's data for one night is; the best source is taken for the whole night and the others are
 * ignored (devices are never averaged or mixed). In order: a source with sleep stages (core/deep/REM) beats one with
 * only unstaged asleep time; then an Apple Watch beats a phone or app; then more asleep time; then the source name,
 * so the choice is deterministic.
 */
record SourceRank(String sourceName, boolean staged, boolean watch, Duration asleep) implements Comparable<SourceRank> {
    private static final Comparator<SourceRank> BEST_FIRST = Comparator
            .comparing((SourceRank r) -> !r.staged)
            .thenComparing(r -> !r.watch)
            .thenComparing(SourceRank::asleep, Comparator.reverseOrder())
            .thenComparing(SourceRank::sourceName);

    @Override
    public int compareTo(SourceRank other) {
        return BEST_FIRST.compare(this, other);
    }

    boolean betterThan(SourceRank other) {
        return compareTo(other) < 0;
    }
}
