package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sleepdelta.ingest.vendor.support.Minutes;
import org.sleepdelta.ingest.vendor.support.SpanUnion;
import org.sleepdelta.ingest.vendor.support.TimeSpan;

/**
 * The canonical measures of one sleep period of one source, from its segments. Every sum is an interval union, so
 * duplicated or overlapping segments are never counted twice.
 * <ul>
 *   <li>bounds: first to last segment of any kind (in bed, asleep, awake): lights-out to rising;</li>
 *   <li>total sleep: the union of the asleep segments (unspecified, old-style asleep, core, deep, REM);</li>
 *   <li>time in bed: the union of in-bed and asleep segments when the source wrote in-bed ones, otherwise first to
 *       last segment;</li>
 *   <li>latency: first asleep minus the start, only when the source wrote in-bed or awake segments (otherwise it
 *       had no way to see the client lying awake, and the start is simply the first asleep segment);</li>
 *   <li>WASO: the time between the first and the last asleep segment that is not asleep (awake segments and gaps);
 *       awakenings: the runs of such time;</li>
 *   <li>deep, REM, light (core): only when the period has stage segments.</li>
 * </ul>
 *
 * @param asleep the union of asleep time, for ranking sources
 */
record PeriodMeasures(
        Instant start,
        Instant end,
        double totalSleepMinutes,
        double timeInBedMinutes,
        Double latencyMinutes,
        double wasoMinutes,
        int awakenings,
        Double deepMinutes,
        Double remMinutes,
        Double lightMinutes,
        boolean staged,
        Duration asleep) {

    /** Null when the period has no asleep segment: it is not sleep, or not measured as such. */
    static PeriodMeasures of(List<Segment> segments) {
        SpanUnion asleep = union(segments, SleepValue::asleep);
        if (asleep.isEmpty()) {
            return null;
        }
        SpanUnion all = union(segments, v -> true);
        SpanUnion inBed = union(segments, v -> v == SleepValue.IN_BED);
        boolean sawWake = !inBed.isEmpty() || segments.stream().anyMatch(s -> s.value() == SleepValue.AWAKE);
        Instant start = all.first();
        Instant end = all.last();
        Duration timeInBed = inBed.isEmpty()
                ? Duration.between(start, end)
                : union(segments, v -> v == SleepValue.IN_BED || v.asleep()).total();
        Duration onsetToFinalAwakening = Duration.between(asleep.first(), asleep.last());
        boolean staged = segments.stream().anyMatch(s -> s.value().staged());
        return new PeriodMeasures(
                start,
                end,
                Minutes.of(asleep.total()),
                Minutes.of(timeInBed),
                sawWake ? Minutes.of(Duration.between(start, asleep.first())) : null,
                Minutes.of(onsetToFinalAwakening.minus(asleep.total())),
                asleep.spans().size() - 1,
                staged ? minutes(segments, SleepValue.DEEP) : null,
                staged ? minutes(segments, SleepValue.REM) : null,
                staged ? minutes(segments, SleepValue.CORE) : null,
                staged,
                asleep.total());
    }

    Duration length() {
        return Duration.between(start, end);
    }

    private static double minutes(List<Segment> segments, SleepValue value) {
        return Minutes.of(union(segments, v -> v == value).total());
    }

    private static SpanUnion union(List<Segment> segments, Predicate<SleepValue> kind) {
        List<TimeSpan> spans = new ArrayList<>();
        for (Segment s : segments) {
            if (kind.test(s.value())) {
                spans.add(s.span());
            }
        }
        return SpanUnion.of(spans);
    }
}
