package org.sleepdelta.ingest.vendor.garmin;

import java.util.Map;
import java.util.Optional;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * A summary's {@code sleepLevelsMap} ({@code deep}, {@code light}, {@code rem}, {@code awake}: lists of
 * {@code {startTimeInSeconds, endTimeInSeconds}} in epoch seconds) as a {@link Hypnogram} of the summary's period.
 * Garmin's example has each segment start one second after the previous one's {@code endTimeInSeconds}, so the end
 * second is part of the segment; data whose segments share the boundary second lose nothing by this (the next
 * segment's paint takes the shared second over, wakes being painted last).
 */
final class GarminLevels {
    private static final Map<String, Hypnogram.State> LEVELS = Map.of(
            "deep", Hypnogram.State.SLEEP,
            "light", Hypnogram.State.SLEEP,
            "rem", Hypnogram.State.SLEEP,
            "awake", Hypnogram.State.WAKE);

    private GarminLevels() {}

    /** Empty without a levels map, or when no segment is asleep. */
    static Optional<Hypnogram.Summary> summarise(ItemFields levelsMap, long startEpochSecond, long periodSeconds) {
        if (levelsMap == null || !Hypnogram.fits(periodSeconds)) {
            return Optional.empty();
        }
        Hypnogram hypnogram = new Hypnogram(periodSeconds);
        // Wakes last, so an awake segment overlapping a sleep segment counts as awake.
        for (String level : new String[] {"deep", "light", "rem", "awake"}) {
            for (ItemFields segment : levelsMap.optionalObjects(level)) {
                long from = segment.requiredWhole("startTimeInSeconds") - startEpochSecond;
                long to = segment.requiredWhole("endTimeInSeconds") - startEpochSecond + 1;
                hypnogram.paint(from, to, LEVELS.get(level));
            }
        }
        return hypnogram.summary();
    }
}
