package org.sleepdelta.metric;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Course rules. A client's completed sessions, ordered by start, form courses: a session opens a new
 * course when it is the client's first or its N0 is at least 28 days after the previous session's N0.
 */
public final class Courses {
    public static final int NEW_COURSE_GAP_DAYS = 28;
    /** Sessions count towards a course window when their N0 lies in [C0, C0 + 27]. */
    public static final int WINDOW_DAYS = 28;

    private Courses() {}

    public static boolean opensCourse(SessionFacts session, SessionFacts previous) {
        return previous == null
                || ChronoUnit.DAYS.between(previous.firstNight(), session.firstNight()) >= NEW_COURSE_GAP_DAYS;
    }

    /**
     * Completed sessions of the course opened by {@code opener} whose N0 lies in [C0, C0+27], the opener included.
     * {@code following} are the client's sessions after the opener in start order; only as many are read as the
     * answer needs, so a caller may pass a lazy store iterator.
     */
    public static int sessionsInWindow(SessionFacts opener, Iterable<SessionFacts> following) {
        LocalDate c0 = opener.firstNight();
        LocalDate last = c0.plusDays(WINDOW_DAYS - 1);
        int count = 1;
        SessionFacts previous = opener;
        for (SessionFacts next : following) {
            if (opensCourse(next, previous)) {
                break; // the course ends where the next one opens
            }
            LocalDate n0 = next.firstNight();
            if (!n0.isBefore(c0) && !n0.isAfter(last)) {
                count++;
            }
            // Start order and N0 order differ by at most two days across zones (offsets span UTC-12 to UTC+14,
            // 26 h), so once an N0 lies more than two days past the window nothing later can fall inside.
            if (n0.isAfter(last.plusDays(2))) {
                break;
            }
            previous = next;
        }
        return count;
    }
}
