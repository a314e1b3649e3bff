package org.sleepdelta.ingest.vendor.googlehealth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * A sleep's {@code stages} (contiguous segments covering the period), with its {@code shortAwakenings} painted over
 * them, as a {@link Hypnogram}. {@code LIGHT}, {@code DEEP}, {@code REM} and classic {@code ASLEEP} are sleep;
 * {@code AWAKE} and classic {@code RESTLESS} are not, as Google's own {@code minutesAsleep} counts them ("for classic
 * sleep the sum of ASLEEP stages, excluding AWAKE and RESTLESS"). Segment times are exact instants, so no zone is
 * needed. {@code outOfBedSegments} may overlap the stages and are not read.
 */
final class GoogleHealthStages {
    private GoogleHealthStages() {}

    /** Empty when the sleep has no stages or none of them is asleep. */
    static Optional<Hypnogram.Summary> summarise(ItemFields sleep, Instant start, long periodSeconds) {
        List<ItemFields> stages = sleep.optionalObjects("stages");
        if (stages.isEmpty() || !Hypnogram.fits(periodSeconds)) {
            return Optional.empty();
        }
        Hypnogram hypnogram = new Hypnogram(periodSeconds);
        paint(hypnogram, stages, start);
        paint(hypnogram, sleep.optionalObjects("shortAwakenings"), start);
        return hypnogram.summary();
    }

    private static void paint(Hypnogram hypnogram, List<ItemFields> segments, Instant start) {
        for (ItemFields segment : segments) {
            Hypnogram.State state = state(segment.requiredText("type"));
            long from = Duration.between(start, GoogleJson.requiredTimestamp(segment, "startTime"))
                    .toSeconds();
            long to = Duration.between(start, GoogleJson.requiredTimestamp(segment, "endTime"))
                    .toSeconds();
            if (state != null) {
                hypnogram.paint(from, to, state);
            }
        }
    }

    private static Hypnogram.State state(String type) {
        return switch (type) {
            case "LIGHT", "DEEP", "REM", "ASLEEP" -> Hypnogram.State.SLEEP;
            case "AWAKE", "RESTLESS" -> Hypnogram.State.WAKE;
            // SLEEP_STAGE_TYPE_UNSPECIFIED, or a type Google adds later: neither asleep nor awake
            default -> null;
        };
    }
}
