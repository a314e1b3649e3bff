package org.sleepdelta.streams;

import java.time.LocalDate;
import org.sleepdelta.metric.WindowSpec;

/**
 * Which sessions' windows an input can change, as a range of first nights N0 (C0 for courses). Every window
 * reads nights [N0-42, N0+27] at most (reference, baseline, post), so a change is felt only within that distance:
 * the work per input is bounded by the window sizes, never by a client's history. Over-approximating is safe
 * (unchanged windows are not re-emitted); under-approximating would be a bug.
 */
record AffectedFirstNights(LocalDate from, LocalDate to) {
    static final int EARLIEST_NIGHT_READ = WindowSpec.REFERENCE_FIRST_OFFSET;
    static final int LAST_POST_OFFSET = 27;
    /** Earliest date any window can start from; the open end of "everything so far". */
    static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);

    /** A night whose records changed lies in the windows of sessions with N0 in [night-27, night+42]. */
    static AffectedFirstNights ofNight(LocalDate night) {
        return new AffectedFirstNights(night.minusDays(LAST_POST_OFFSET), night.plusDays(EARLIEST_NIGHT_READ));
    }

    /**
     * The client's data clock moved from {@code before} to {@code after}: windows whose last post night fell more
     * than {@code graceDays} behind it in between may have become complete. Their N0 is at most 27 nights earlier.
     */
    static AffectedFirstNights ofClockAdvance(LocalDate before, LocalDate after, int graceDays) {
        LocalDate from = before == null ? BEGINNING : before.minusDays(graceDays + LAST_POST_OFFSET);
        return new AffectedFirstNights(from, after.minusDays(graceDays + 1));
    }
}
