package org.sleepdelta.metric;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks a client-night's main sleep: the highest-priority source present; of its records those flagged
 * main sleep (all of them when none is flagged); the largest total sleep, ties to the earliest start.
 * One source per night, never an average: devices are most trustworthy against their own baseline.
 */
public final class MainSleep {
    private MainSleep() {}

    public static Optional<Episode> select(Collection<Episode> episodesOfOneNight, SourcePriority priority) {
        Optional<Episode> best =
                episodesOfOneNight.stream().min(Comparator.comparingInt(e -> priority.rank(e.source())));
        if (best.isEmpty()) {
            return best;
        }
        List<Episode> ofSource = episodesOfOneNight.stream()
                .filter(e -> e.source() == best.get().source())
                .toList();
        List<Episode> flagged = ofSource.stream()
                .filter(e -> Boolean.TRUE.equals(e.mainSleep()))
                .toList();
        List<Episode> candidates = flagged.isEmpty() ? ofSource : flagged;
        return candidates.stream()
                .min(Comparator.comparingDouble(Episode::totalSleepMinutes)
                        .reversed()
                        .thenComparing(Episode::sleepStart)
                        .thenComparing(
                                Episode::sourceRecordId)); // last resort so the choice never depends on arrival order
    }
}
