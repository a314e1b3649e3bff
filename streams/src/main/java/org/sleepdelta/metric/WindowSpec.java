package org.sleepdelta.metric;

import java.time.Instant;
import java.time.LocalDate;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;

/**
 * Which nights one output compares: post nights [postStart, postEnd] against baseline nights
 * [baselineStart, baselineEnd]. {@code sessionEnd} is set when night N0 lies in the post window:
 * that night counts only if its main sleep began at or after the session ended.
 */
public record WindowSpec(
        String sessionId,
        MetricWindow window,
        Modality modality,
        LocalDate firstNight,
        LocalDate postStart,
        LocalDate postEnd,
        LocalDate baselineStart,
        LocalDate baselineEnd,
        Instant sessionEnd,
        Integer sessionsInWindow,
        int minPostNights) {

    public static final int BASELINE_NIGHTS = 14;
    public static final int MIN_BASELINE_NIGHTS = 5;
    /** The reference nights are [N0 - 42, N0 - 15]: the four weeks before the baseline (see {@link ReferenceNights}). */
    public static final int REFERENCE_FIRST_OFFSET = 42;

    public static final int REFERENCE_LAST_OFFSET = BASELINE_NIGHTS + 1;

    public LocalDate referenceStart() {
        return firstNight.minusDays(REFERENCE_FIRST_OFFSET);
    }

    public LocalDate referenceEnd() {
        return firstNight.minusDays(REFERENCE_LAST_OFFSET);
    }

    public static WindowSpec night0(SessionFacts s) {
        return sessionWindow(s, MetricWindow.NIGHT_0, 0, 1);
    }

    public static WindowSpec week1(SessionFacts s) {
        return sessionWindow(s, MetricWindow.WEEK_1, 6, 3);
    }

    /** Weeks 3-4 of a course opened by {@code opener}: nights [C0+14, C0+27]. */
    public static WindowSpec course(SessionFacts opener, int sessionsInWindow) {
        LocalDate c0 = opener.firstNight();
        return new WindowSpec(
                opener.sessionId(),
                MetricWindow.COURSE_WEEKS_3_4,
                opener.modality(),
                c0,
                c0.plusDays(14),
                c0.plusDays(27),
                c0.minusDays(BASELINE_NIGHTS),
                c0.minusDays(1),
                null,
                sessionsInWindow,
                5);
    }

    private static WindowSpec sessionWindow(SessionFacts s, MetricWindow window, int lastPostOffset, int minPost) {
        LocalDate n0 = s.firstNight();
        return new WindowSpec(
                s.sessionId(),
                window,
                s.modality(),
                n0,
                n0,
                n0.plusDays(lastPostOffset),
                n0.minusDays(BASELINE_NIGHTS),
                n0.minusDays(1),
                s.end(),
                null,
                minPost);
    }
}
