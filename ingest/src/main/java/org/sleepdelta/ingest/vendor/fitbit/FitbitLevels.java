package org.sleepdelta.ingest.vendor.fitbit;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * A log's {@code levels.data} segments, with the {@code levels.shortData} wakes (stages logs only) painted over them,
 * as a {@link Hypnogram}. Stages {@code deep}, {@code light}, {@code rem} and classic {@code asleep} are sleep; stages
 * {@code wake} and classic {@code awake} and {@code restless} are not: Fitbit's own {@code minutesAsleep} leaves
 * restless minutes out, and its v1 {@code awakeningsCount} was {@code awakeCount + restlessCount}.
 */
final class FitbitLevels {
    private FitbitLevels() {}

    /** Empty when the log has no segments or none of them is asleep. */
    static Optional<Hypnogram.Summary> summarise(ItemFields levels, LocalDateTime start, long periodSeconds) {
        if (levels == null || !Hypnogram.fits(periodSeconds)) {
            return Optional.empty();
        }
        List<ItemFields> data = levels.optionalObjects("data");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        Hypnogram hypnogram = new Hypnogram(periodSeconds);
        paint(hypnogram, data, start);
        paint(hypnogram, levels.optionalObjects("shortData"), start);
        return hypnogram.summary();
    }

    private static void paint(Hypnogram hypnogram, List<ItemFields> segments, LocalDateTime start) {
        for (ItemFields segment : segments) {
            Hypnogram.State state = state(segment.requiredText("level"));
            long from = Duration.between(start, FitbitLocalTimes.required(segment, "dateTime")).toSeconds();
            long length = segment.requiredWhole("seconds");
            if (state != null) {
                hypnogram.paint(from, from + length, state);
            }
        }
    }

    private static Hypnogram.State state(String level) {
        switch (level) {
            case "deep":
            case "light":
            case "rem":
            case "asleep":
                return Hypnogram.State.SLEEP;
            case "wake":
            case "awake":
            case "restless":
                return Hypnogram.State.WAKE;
            default:
                return null; // a level Fitbit does not document: neither asleep nor awake
        }
    }
}
