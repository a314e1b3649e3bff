package org.sleepdelta.ingest.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

/**
 * The nights the pipeline keeps, judged on the wall clock: every way into the input topics (the HTTP API and the
 * importers) uses it, so a record older than the retention is treated alike on every path (it goes to the rejection
 * topic as {@code TOO_LATE}, not to an input topic).
 *
 * <p>Retention means what it means to the streams service, which rejects (as TOO_LATE) a night before
 * {@code date(watermark) - retention-days}, the watermark being the latest admitted event time. That watermark is at
 * most now plus the future tolerance, so judging against {@code date(now + future-tolerance)} here is at least as
 * strict: a record kept here is not rejected there as too late. The night of a sleep record is the local date of its
 * start minus 12 hours; the night of a session, the local date of its start (as in the streams module's
 * {@code Episode.nightOf} and {@code SessionFacts.firstNight}, which ingest cannot depend on). A deletion has no dates
 * and is always inside: removing something is always allowed.
 */
public final class RetentionWindow {
    private static final Duration NIGHT_SHIFT = Duration.ofHours(12);

    private final Clock clock;
    private final int retentionDays;
    private final Duration futureTolerance;

    public RetentionWindow(Clock clock, int retentionDays, Duration futureTolerance) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be at least 1, was " + retentionDays);
        }
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.futureTolerance = futureTolerance;
    }

    public int retentionDays() {
        return retentionDays;
    }

    /** The window as of now. A batch is judged against one cut-off, so that all its records see the same window. */
    public Cutoff now() {
        return at(clock.instant());
    }

    public Cutoff at(Instant now) {
        return new Cutoff(
                LocalDate.ofInstant(now.plus(futureTolerance), ZoneOffset.UTC).minusDays(retentionDays), retentionDays);
    }

    /** The night a sleep record belongs to: the local date of its start minus 12 hours. */
    public static LocalDate nightOf(SleepRecord record) {
        return record.getSleepStart()
                .minus(NIGHT_SHIFT)
                .atZone(ZoneId.of(record.getTimezone()))
                .toLocalDate();
    }

    /** The date a session is on: the local date of its start. */
    public static LocalDate dateOf(MassageSession session) {
        return session.getStart().atZone(ZoneId.of(session.getTimezone())).toLocalDate();
    }

    /**
     * One cut-off: the earliest night (of sleep) or date (of a session) inside the window. Records are assumed to
     * pass the contract already (valid zone, dates present unless deleted).
     */
    public record Cutoff(LocalDate earliestNight, int retentionDays) {
        /** @return why the record is outside the window, or empty when it is inside (a deletion always is) */
        public Optional<Violation> outside(CanonicalRecord record) {
            return record.fold(this::outside, this::outside);
        }

        /** @return why the sleep is outside the window, or empty when it is inside (a deletion always is) */
        public Optional<Violation> outside(SleepRecord record) {
            if (record.getDeleted()) {
                return Optional.empty();
            }
            LocalDate night = nightOf(record);
            if (!night.isBefore(earliestNight)) {
                return Optional.empty();
            }
            return Optional.of(new Violation(
                    "sleepStart",
                    "belongs to the night of " + night + ", older than the" + " retention of " + retentionDays
                            + " days: the earliest night accepted now is " + earliestNight));
        }

        /** @return why the session is outside the window, or empty when it is inside */
        public Optional<Violation> outside(MassageSession session) {
            LocalDate date = dateOf(session);
            if (!date.isBefore(earliestNight)) {
                return Optional.empty();
            }
            return Optional.of(new Violation(
                    "start",
                    "is on " + date + ", older than the retention of " + retentionDays
                            + " days: the earliest date accepted now is " + earliestNight));
        }
    }
}
