package org.sleepdelta.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.sleepdelta.avro.RejectionReason;

/** Event-time rules an input must pass before it may change state: not too old for retention, not in the future. */
final class Admission {
    private final TopologySettings settings;

    Admission(TopologySettings settings) {
        this.settings = settings;
    }

    /**
     * The ingest time a record is judged against: what it claims (the ingest-time header, else its timestamp, both
     * set by whoever produced it), but never later than the wall clock of the task judging it. In normal operation
     * ingest happened before processing, so this is the claimed time; a forged or broken claim is capped at now.
     */
    static long trustedIngestTime(long claimedIngestTimeMs, long wallClockMs) {
        return Math.min(claimedIngestTimeMs, wallClockMs);
    }

    /** The furthest any admitted record can move a watermark at this wall-clock time. */
    long latestWatermark(long wallClockMs) {
        long tolerance = settings.futureTolerance().toMillis();
        return wallClockMs > Long.MAX_VALUE - tolerance ? Long.MAX_VALUE : wallClockMs + tolerance;
    }

    /**
     * Why an input may not change state, if it may not.
     *
     * @param ingestTimestampMs the {@linkplain #trustedIngestTime trusted} ingest time
     * @return the reason to reject, or null to admit
     */
    RejectionReason check(Instant eventTime, LocalDate night, long ingestTimestampMs, Long watermarkMs) {
        if (eventTime.isAfter(Instant.ofEpochMilli(ingestTimestampMs).plus(settings.futureTolerance()))) {
            return RejectionReason.IN_FUTURE;
        }
        LocalDate cutoff = cutoffNight(watermarkMs);
        if (cutoff != null && night.isBefore(cutoff)) {
            return RejectionReason.TOO_LATE;
        }
        return null;
    }

    /** First night still within retention, or null when everything is kept or nothing was seen yet. */
    LocalDate cutoffNight(Long watermarkMs) {
        if (settings.retentionDays() == null || watermarkMs == null) {
            return null;
        }
        return LocalDate.ofInstant(Instant.ofEpochMilli(watermarkMs), ZoneOffset.UTC)
                .minusDays(settings.retentionDays());
    }
}
