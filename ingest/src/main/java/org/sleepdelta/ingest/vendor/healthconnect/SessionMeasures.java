package org.sleepdelta.ingest.vendor.healthconnect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sleepdelta.ingest.vendor.support.Minutes;
import org.sleepdelta.ingest.vendor.support.SpanUnion;
import org.sleepdelta.ingest.vendor.support.TimeSpan;

/**
 * The canonical measures of one sleep session, derived from its stages. Stages are clipped to the session and
 * unioned per kind, so overlapping or repeated stages are never double-counted.
 * <ul>
 *   <li>total sleep: time in SLEEPING, LIGHT, DEEP or REM; without stages, the whole session (Health Connect
 *       defines the session as the user's sleep length);</li>
 *   <li>time in bed: the session minus OUT_OF_BED time;</li>
 *   <li>latency: session start to the first asleep stage;</li>
 *   <li>WASO and awakenings: time in, and runs of, AWAKE, AWAKE_IN_BED or OUT_OF_BED between the first and the last
 *       asleep stage (UNKNOWN and uncovered time count as neither sleep nor wake);</li>
 *   <li>deep, REM, light: only when the session has at least one LIGHT, DEEP or REM stage.</li>
 * </ul>
 */
record SessionMeasures(
        double totalSleepMinutes,
        double timeInBedMinutes,
        Double latencyMinutes,
        Double wasoMinutes,
        Integer awakenings,
        Double deepMinutes,
        Double remMinutes,
        Double lightMinutes) {

    static SessionMeasures of(SleepSession session) {
        Duration length = Duration.between(session.start(), session.end());
        if (session.stages().isEmpty()) {
            double minutes = Minutes.of(length);
            return new SessionMeasures(minutes, minutes, null, null, null, null, null, null);
        }
        SpanUnion asleep = union(session, StageType::asleep);
        SpanUnion outOfBed = union(session, t -> t == StageType.OUT_OF_BED);
        double timeInBed = Minutes.of(length.minus(outOfBed.total()));
        Double latency = null;
        Double waso = null;
        Integer awakenings = null;
        if (!asleep.isEmpty()) {
            Instant onset = asleep.first();
            Instant finalAwakening = asleep.last();
            SpanUnion wake = union(session, StageType::awake).clip(onset, finalAwakening);
            latency = Minutes.of(Duration.between(session.start(), onset));
            waso = Minutes.of(wake.total());
            awakenings = wake.spans().size();
        }
        boolean staged = session.stages().stream().anyMatch(s -> s.type().staged());
        return new SessionMeasures(
                Minutes.of(asleep.total()),
                timeInBed,
                latency,
                waso,
                awakenings,
                staged ? minutes(session, StageType.DEEP) : null,
                staged ? minutes(session, StageType.REM) : null,
                staged ? minutes(session, StageType.LIGHT) : null);
    }

    private static double minutes(SleepSession session, StageType type) {
        return Minutes.of(union(session, t -> t == type).total());
    }

    private static SpanUnion union(SleepSession session, Predicate<StageType> kind) {
        List<TimeSpan> spans = new ArrayList<>();
        for (SleepStage stage : session.stages()) {
            if (kind.test(stage.type())) {
                spans.add(stage.span());
            }
        }
        return SpanUnion.of(spans).clip(session.start(), session.end());
    }
}
