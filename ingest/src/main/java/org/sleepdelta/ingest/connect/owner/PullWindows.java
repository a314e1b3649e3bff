package org.sleepdelta.ingest.connect.owner;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.PullWindow;

/**
 * Which nights a pull asks for. A pull runs from its first night to today in chunks of {@code backfillPageDays}
 * nights (one window at a time, so a long backfill is many small resumable pulls), and starts {@code lookback} before
 * the last night synced, because vendors deliver late syncs and re-score nights days afterwards.
 */
final class PullWindows {
    private final long lookbackDays;
    private final int pageDays;
    private final Clock clock;

    PullWindows(Duration lookback, int pageDays, Clock clock) {
        this.lookbackDays = Math.max(0, lookback.toDays());
        this.pageDays = pageDays;
        this.clock = clock;
    }

    /** Today where the user is, when the vendor said; else in UTC. */
    LocalDate today(Connection c) {
        ZoneId zone = ZoneOffset.UTC;
        if (c.timezone() != null) {
            try {
                zone = ZoneId.of(c.timezone());
            } catch (DateTimeException e) {
                // a zone the JDK does not know: UTC is at most a day off, which the lookback covers
            }
        }
        return LocalDate.now(clock.withZone(zone));
    }

    /** The next pull of a scheduled connection: the one in progress, or a new one from the lookback. */
    PullWindow next(Connection c) {
        if (c.pull() != null) {
            return c.pull();
        }
        return startingAt(
                c,
                c.syncedThrough() == null ? c.backfillFrom() : c.syncedThrough().minusDays(lookbackDays));
    }

    /** A pull from {@code from} (never before the backfill's start nor after today). */
    PullWindow startingAt(Connection c, LocalDate from) {
        LocalDate today = today(c);
        LocalDate start = from.isBefore(c.backfillFrom()) ? c.backfillFrom() : from;
        if (start.isAfter(today)) {
            start = today;
        }
        return chunk(start, today);
    }

    /** The chunk after {@code done}, or null when {@code done} reached today. */
    PullWindow after(Connection c, PullWindow done) {
        LocalDate today = today(c);
        if (!done.to().isBefore(today)) {
            return null;
        }
        return chunk(done.to().plusDays(1), today);
    }

    /**
     * What {@code syncedThrough} becomes once {@code done} is pulled: it moves only when the window joins on to what
     * was synced, so a notification about a later week cannot claim the nights before it.
     */
    static LocalDate syncedThrough(Connection c, PullWindow done) {
        LocalDate synced = c.syncedThrough();
        LocalDate firstMissing = synced == null ? c.backfillFrom() : synced.plusDays(1);
        if (done.from().isAfter(firstMissing)) {
            return synced;
        }
        return synced == null || done.to().isAfter(synced) ? done.to() : synced;
    }

    private PullWindow chunk(LocalDate from, LocalDate today) {
        LocalDate end = from.plusDays(pageDays - 1L);
        return new PullWindow(from, end.isAfter(today) ? today : end, null);
    }
}
