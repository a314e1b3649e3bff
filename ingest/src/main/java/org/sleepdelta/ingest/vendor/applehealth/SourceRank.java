package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;

/**
 * How good one source's data for one night is; the best source is taken for the whole night and the others are
 * ignored (devices are never averaged or mixed).
 * <p>
 * Only sources that saw the night compete: those with at least half the asleep time of the source that recorded
 * the most (so a Watch that recorded only a nap, or died at midnight, does not displace the phone's whole night).
 * Among them, in order: sleep stages (core/deep/REM) beat unstaged asleep time; then an Apple Watch beats a phone or
 * app; then more asleep time; then the source name, so the choice is deterministic.
 */
record SourceRank(String sourceName, boolean staged, boolean watch, Duration asleep) {
    private static final Comparator<SourceRank> BEST_FIRST = Comparator.comparing((SourceRank r) -> !r.staged)
            .thenComparing(r -> !r.watch)
            .thenComparing(SourceRank::asleep, Comparator.reverseOrder())
            .thenComparing(SourceRank::sourceName);

    /** The source to take, among at least one. */
    static SourceRank best(Collection<SourceRank> sources) {
        Duration most = sources.stream()
                .map(SourceRank::asleep)
                .max(Duration::compareTo)
                .orElseThrow();
        return sources.stream()
                .filter(s -> s.asleep().multipliedBy(2).compareTo(most) >= 0)
                .min(BEST_FIRST)
                .orElseThrow();
    }
}
