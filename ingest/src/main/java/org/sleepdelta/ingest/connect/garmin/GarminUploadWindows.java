package org.sleepdelta.ingest.connect.garmin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Which upload windows a pull of the nights {@code from..to} reads, one page per window. Garmin's pull endpoint
 * selects summaries by when the device uploaded them, at most 24 h per request, and does not page within a window;
 * so a page is a window, and the cursor is the next window's first second.
 *
 * <p>A night is uploaded after it ends: the windows start a day before {@code from} (a night is dated by the morning
 * it ends, and zones reach ±14 h from UTC) and run to two days after {@code to} (a watch synced the next day), or to
 * now. A summary uploaded later still arrives by push, Garmin's main path; the owner's lookback re-reads recent days.
 */
final class GarminUploadWindows {
    static final long MAX_WINDOW_SECONDS = 86_400;

    /** One page's window: {@code [start, end)} in epoch seconds, and the next page's start, null on the last. */
    record Window(long start, long end, String nextCursor) {}

    private GarminUploadWindows() {}

    /**
     * @return null when the range holds no window at all (it lies in the future)
     * @throws IllegalArgumentException for a cursor this class did not make
     */
    static Window page(LocalDate from, LocalDate to, String cursor, Instant now) {
        long first = from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long last = Math.min(to.plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond(), now.getEpochSecond());
        long start = cursor == null ? first : parse(cursor);
        if (start < first || start >= last) {
            if (cursor == null) {
                return null;
            }
            throw new IllegalArgumentException("the page cursor lies outside the pull's upload windows");
        }
        long end = Math.min(start + MAX_WINDOW_SECONDS, last);
        return new Window(start, end, end < last ? Long.toString(end) : null);
    }

    private static long parse(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the page cursor is not an upload second", e);
        }
    }
}
