package org.sleepdelta.metric;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks a client-night's main sleep. Of the night's live records: drop those flagged {@code mainSleep: false} (a nap
 * is never a night's main sleep, so a night of naps only has none); if any remaining record is flagged
 * {@code mainSleep: true}, keep only the flagged ones; of those keep the source that ranks first in the priority; then
 * the largest total sleep, ties to the earlier start, then the smaller {@code sourceRecordId}.
 *
 * <p>The flag comes before the source, so that an unflagged record of a higher-priority source cannot displace
 * another source's flagged main sleep. One source per night, never an average: devices are most trustworthy against
 * their own baseline.
 */
public final class MainSleep {
    private static final Comparator<Episode> LONGEST_THEN_EARLIEST = Comparator.comparingDouble(
                    Episode::totalSleepMinutes)
            .reversed()
            .thenComparing(Episode::sleepStart)
            // last resort, so the choice never depends on arrival order
            .thenComparing(Episode::sourceRecordId);

    private MainSleep() {}

    public static Optional<Episode> select(Collection<Episode> episodesOfOneNight, SourcePriority priority) {
        List<Episode> notNaps = episodesOfOneNight.stream()
                .filter(e -> !Boolean.FALSE.equals(e.mainSleep()))
                .toList();
        List<Episode> flagged =
                notNaps.stream().filter(e -> Boolean.TRUE.equals(e.mainSleep())).toList();
        List<Episode> candidates = flagged.isEmpty() ? notNaps : flagged;
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int firstRank = candidates.stream()
                .mapToInt(e -> priority.rank(e.source()))
                .min()
                .getAsInt();
        return candidates.stream()
                .filter(e -> priority.rank(e.source()) == firstRank)
                .min(LONGEST_THEN_EARLIEST);
    }
}
