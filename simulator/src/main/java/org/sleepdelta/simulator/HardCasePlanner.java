package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepSource;

/**
 * Decides a client's {@link HardCases}: whether it books after a bad week and whether it changes devices, and
 * records both in the client's truth.
 *
 * <p>Every client makes the same draws from its own {@link RandomPurpose#HARD_CASES} stream whatever the switches
 * say, so raising one probability never changes another switch's decisions, and with {@link HardCases#none()}
 * nothing moves.
 */
final class HardCasePlanner {
    private final long seed;
    private final HardCases hard;
    private final Map<Modality, TrueEffect> effects;

    HardCasePlanner(SimulationConfig config) {
        this.seed = config.seed();
        this.hard = config.hardCases();
        this.effects = config.effects();
    }

    /** The client's truth: its sessions, whether it books after a bad week, and any device change. */
    ClientTruth plan(ClientProfile p, List<ScheduledSession> planned) {
        Rng rng = Rng.stream(seed, p.index(), RandomPurpose.HARD_CASES);
        boolean worstWeek = rng.chance(hard.bookAfterWorstWeek());
        boolean changesDevice = rng.chance(hard.deviceChangeMidCourse());
        double sourcePick = rng.nextDouble();
        double nightPick = rng.nextDouble();

        List<ScheduledSession> sessions = planned;

        LocalDate changeNight = null;
        SleepSource replacement = null;
        if (changesDevice && !sessions.isEmpty()) {
            LocalDate first = sessions.get(0).firstNight();
            LocalDate last = sessions.get(sessions.size() - 1).firstNight();
            long span = ChronoUnit.DAYS.between(first, last);
            if (span >= 1) { // a single session day has no middle to change devices in
                changeNight = first.plusDays(1 + Math.min(span - 1, (long) (nightPick * span)));
                List<SleepSource> candidates = new ArrayList<>(ClientProfileGenerator.wearableSources());
                candidates.remove(p.primarySource());
                candidates.remove(p.secondarySource());
                replacement = candidates.get(Math.min(candidates.size() - 1, (int) (sourcePick * candidates.size())));
            }
        }
        return ClientTruth.of(
                p,
                sessions,
                effects,
                worstWeek,
                worstWeek ? HardCases.BAD_WEEK_SDS * p.totalSleepSd() : 0,
                hard.seasonalDriftMinutes(),
                changeNight,
                replacement,
                Math.round(hard.deviceChangeOffsetMinutes()));
    }
}
