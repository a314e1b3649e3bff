package org.sleepdelta.ingest.vendor.oura;

import java.util.Optional;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * Oura's hypnograms: one character per epoch from {@code bedtime_start}, {@code 1} deep, {@code 2} light,
 * {@code 3} REM, {@code 4} awake (Oura API v2 {@code SleepModel}). The 30-second {@code sleep_phase_30_sec} is used
 * when the document has it, else the 5-minute {@code sleep_phase_5_min}.
 */
final class OuraPhases {
    private OuraPhases() {}

    /** Empty when the document has no hypnogram, it has no sleep epoch, or the period cannot be a sleep period. */
    static Optional<Hypnogram.Summary> summarise(ItemFields document, long periodSeconds) {
        String fine = document.optionalText("sleep_phase_30_sec");
        if (fine != null) {
            return summarise(fine, "sleep_phase_30_sec", 30, periodSeconds);
        }
        String coarse = document.optionalText("sleep_phase_5_min");
        if (coarse != null) {
            return summarise(coarse, "sleep_phase_5_min", 300, periodSeconds);
        }
        return Optional.empty();
    }

    private static Optional<Hypnogram.Summary> summarise(
            String phases, String field, int epochSeconds, long periodSeconds) {
        if (!Hypnogram.fits(periodSeconds)) {
            return Optional.empty();
        }
        Hypnogram hypnogram = new Hypnogram(periodSeconds);
        for (int i = 0; i < phases.length(); i++) {
            long from = (long) i * epochSeconds;
            hypnogram.paint(from, from + epochSeconds, state(phases.charAt(i), field));
        }
        return hypnogram.summary();
    }

    private static Hypnogram.State state(char phase, String field) {
        switch (phase) {
            case '1':
            case '2':
            case '3':
                return Hypnogram.State.SLEEP;
            case '4':
                return Hypnogram.State.WAKE;
            default:
                throw new BadItem(field, "must contain only the digits 1 to 4");
        }
    }
}
