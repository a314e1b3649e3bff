package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepSource;

/**
 * Applies a client's {@link HardCases} once its noise series exists: moves its sessions after its worst weeks,
 * decides a device change, and records both in the client's truth.
 *
 * <p>Every client makes the same draws from its own {@link RandomPurpose#HARD_CASES} stream whatever the switches
 * say, so raising one probability never changes another switch's decisions, and with {@link HardCases#none()}
 * nothing moves.
 */
final class HardCasePlanner {
    /** How far a session may move from its planned date: the seven candidate days D..D+6. */
    static final int MAX_SHIFT_DAYS = 6;

    /** The nights judged before a candidate first night N0: N0-7..N0-1. */
    static final int WORST_WEEK_NIGHTS = 7;

    private final long seed;
    private final HardCases hard;
    private final Map<Modality, TrueEffect> effects;
    private final LocalDate latestFirstNight;

    HardCasePlanner(SimulationConfig config) {
        this.seed = config.seed();
        this.hard = config.hardCases();
        this.effects = config.effects();
        this.latestFirstNight = config.lastNight().minusDays(SessionScheduler.POST_NIGHTS - 1L);
    }

    /** The client's truth: the planned sessions, moved if the client books after its worst weeks. */
    ClientTruth plan(ClientProfile p, List<ScheduledSession> planned, ClientNights nights) {
        Rng rng = Rng.stream(seed, p.index(), RandomPurpose.HARD_CASES);
        boolean worstWeek = rng.chance(hard.bookAfterWorstWeek());
        boolean changesDevice = rng.chance(hard.deviceChangeMidCourse());
        double sourcePick = rng.nextDouble();
        double nightPick = rng.nextDouble();

        List<ScheduledSession> sessions = worstWeek ? afterWorstWeeks(p, planned, nights) : planned;

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
                hard.seasonalDriftMinutes(),
                changeNight,
                replacement,
                Math.round(hard.deviceChangeOffsetMinutes()));
    }

    /**
     * Moves each session, in order, to the day N0 in D..D+6 (D its planned first night) after the lowest mean
     * observed total sleep over N0-7..N0-1, keeping its time of day. Observed means the true night as generated,
     * with drift and the effects of the sessions already placed; sessions placed later all start after N0 and so
     * cannot change those nights. A session stays after the previous one (so courses keep their order) and inside
     * the period that leaves it a full post window. (Should no such day exist, which distinct planned dates rule
     * out, it keeps its planned date.)
     */
    private List<ScheduledSession> afterWorstWeeks(
            ClientProfile p, List<ScheduledSession> planned, ClientNights nights) {
        List<ScheduledSession> placed = new ArrayList<>(planned.size());
        LocalDate latestPlaced = null;
        for (int i = 0; i < planned.size(); i++) {
            ScheduledSession s = planned.get(i);
            ClientTruth sofar = ClientTruth.of(p, placed, effects);
            LocalDate d = s.firstNight();
            LocalDate from = latestPlaced == null || latestPlaced.isBefore(d) ? d : latestPlaced.plusDays(1);
            LocalDate to = d.plusDays(MAX_SHIFT_DAYS);
            // Leave a day for each later session: planned dates are distinct and end by the latest allowed day,
            // so capping here guarantees every later session a day after this one.
            LocalDate cap = latestFirstNight.minusDays(planned.size() - 1L - i);
            if (to.isAfter(cap)) {
                to = cap;
            }
            LocalDate best = d;
            double bestSum = Double.POSITIVE_INFINITY;
            for (LocalDate c = from; !c.isAfter(to); c = c.plusDays(1)) {
                double sum = 0;
                for (int k = 1; k <= WORST_WEEK_NIGHTS; k++) {
                    LocalDate n = c.minusDays(k);
                    sum += nights.totalSleep(n, sofar.effectOn(n));
                }
                if (sum < bestSum) { // ties: the earliest day
                    bestSum = sum;
                    best = c;
                }
            }
            placed.add(movedTo(s, best, p));
            placed.sort(Comparator.comparing(ScheduledSession::start)); // stable; only the fallback can unsort
            if (latestPlaced == null || best.isAfter(latestPlaced)) {
                latestPlaced = best;
            }
        }
        return placed;
    }

    private static ScheduledSession movedTo(ScheduledSession s, LocalDate night, ClientProfile p) {
        if (night.equals(s.firstNight())) {
            return s;
        }
        LocalTime time = s.start().atZone(p.zone()).toLocalTime();
        return new ScheduledSession(
                s.sessionId(),
                s.course(),
                s.modality(),
                night,
                ZonedDateTime.of(night, time, p.zone()).toInstant(),
                s.durationMinutes(),
                s.therapistId(),
                s.pressure(),
                s.finalStatus());
    }
}
