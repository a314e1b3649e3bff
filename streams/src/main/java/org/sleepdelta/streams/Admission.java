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

    /** @return the reason to reject, or null to admit */
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
