package org.sleepdelta.metric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The nights a window's adjusted change compares with: [N0 - 42, N0 - 15] (C0 for courses), the four weeks before the
 * 14-night baseline, without the nights [N0' - 14, N0' + 6] around any other completed session of the client. A
 * client who books because the last week or two went badly has selected the baseline low, so part of every change
 * against it is regression to the mean; nights more than two weeks before the session cannot have driven that
 * booking. The same holds for every other session: its own two weeks before were selected low by its booking, and
 * its first post week carries its effect, so neither may become the comparison.
 *
 * @param otherFirstNights N0 of the client's other completed sessions whose nights [N0' - 14, N0' + 6] meet
 *     [start, end]
 */
public record ReferenceNights(LocalDate start, LocalDate end, List<LocalDate> otherFirstNights) {
    /** Nights [N0', N0' + 6] of another session are left out: the post nights of its WEEK_1 window. */
    public static final int EXCLUDED_NIGHTS_AFTER = 6;
    /** Nights [N0' - 14, N0' - 1] of another session are left out: its baseline, which its booking may have chosen. */
    public static final int EXCLUDED_NIGHTS_BEFORE = WindowSpec.BASELINE_NIGHTS;

    public ReferenceNights {
        otherFirstNights = List.copyOf(otherFirstNights);
    }

    /**
     * @param otherSessionsFirstNights N0 of the client's completed sessions other than the window's own (any
     *     superset of those near the reference works: the rest are dropped)
     */
    public static ReferenceNights of(WindowSpec spec, Collection<LocalDate> otherSessionsFirstNights) {
        LocalDate start = spec.referenceStart();
        LocalDate end = spec.referenceEnd();
        List<LocalDate> relevant = new ArrayList<>();
        for (LocalDate n0 : otherSessionsFirstNights) {
            if (!n0.isBefore(firstRelevantSession(spec)) && !n0.isAfter(lastRelevantSession(spec))) {
                relevant.add(n0);
            }
        }
        relevant.sort(null);
        return new ReferenceNights(start, end, relevant);
    }

    /** Earliest N0 of another session that can exclude one of {@code spec}'s reference nights. */
    public static LocalDate firstRelevantSession(WindowSpec spec) {
        return spec.referenceStart().minusDays(EXCLUDED_NIGHTS_AFTER);
    }

    /** Latest N0 of another session that can exclude one of {@code spec}'s reference nights. */
    public static LocalDate lastRelevantSession(WindowSpec spec) {
        return spec.referenceEnd().plusDays(EXCLUDED_NIGHTS_BEFORE);
    }

    public boolean includes(LocalDate night) {
        if (night.isBefore(start) || night.isAfter(end)) {
            return false;
        }
        for (LocalDate n0 : otherFirstNights) {
            if (!night.isBefore(n0.minusDays(EXCLUDED_NIGHTS_BEFORE))
                    && !night.isAfter(n0.plusDays(EXCLUDED_NIGHTS_AFTER))) {
                return false;
            }
        }
        return true;
    }
}
