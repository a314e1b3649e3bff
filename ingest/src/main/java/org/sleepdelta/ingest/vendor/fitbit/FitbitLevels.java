package org.sleepdelta.ingest.vendor.fitbit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * A log's {@code levels.data} segments, with the {@code levels.shortData} wakes (stages logs only) painted over them,
 * as a {@link Hypnogram}. Stages {@code deep}, {@code light}, {@code rem} and classic {@code asleep} are sleep; stages
 * {@code wake} and classic {@code awake} and {@code restless} are not: Fitbit's own {@code minutesAsleep} leaves
 * restless minutes out, and its v1 {@code awakeningsCount} was {@code awakeCount + restlessCount}. Segment times
 * are wall-clock times like {@code startTime}, so they are placed in the zone too: on the night the clocks change,
 * a segment after the change sits where it really was in the period.
 */
final class FitbitLevels {
    private FitbitLevels() {}

    /** Empty when the log has no segments or none of them is asleep. */
    static Optional<Hypnogram.Summary> summarise(ItemFields levels, Instant start, ZoneId zone, long periodSeconds) {
        if (levels == null || !Hypnogram.fits(periodSeconds)) {
            return Optional.empty();
        }
        List<ItemFields> data = levels.optionalObjects("data");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        Hypnogram hypnogram = new Hypnogram(periodSeconds);
        paint(hypnogram, data, start, zone);
        paint(hypnogram, levels.optionalObjects("shortData"), start, zone);
        return hypnogram.summary();
    }

    private static void paint(Hypnogram hypnogram, List<ItemFields> segments, Instant start, ZoneId zone) {
        for (ItemFields segment : segments) {
            Hypnogram.State state = state(segment.requiredText("level"));
            Instant at =
                    FitbitLocalTimes.required(segment, "dateTime").atZone(zone).toInstant();
            long from = Duration.between(start, at).toSeconds();
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
