package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepSource;

/**
 * What is really true about one client: their devices, their sessions (with final status) and the shift each
 * modality makes to their means.
 *
 * @param clinicId the client's clinic
 * @param clientId the client
 * @param zone the client's timezone
 * @param primarySource the device recording nearly every night
 * @param secondarySource the second device, or null
 * @param sessions all booked sessions in start order, including cancelled ones
 * @param appliedEffects per modality, the shift actually applied to this client's means (see {@link NightEffect})
 * @param booksAfterWorstWeek whether the client books each session after a bad week (see {@link
 *     HardCases#bookAfterWorstWeek()} and {@link #badWeekDipOn})
 * @param badWeekMinutes how far total sleep falls below the client's usual in such a bad week (0 if it books
 *     regardless of how it slept)
 * @param seasonalDriftMinutes amplitude of the seasonal drift of mean total sleep (see {@link #driftOn})
 * @param deviceChangeNight the first night the replacement device records, or null if the device never changes
 * @param replacementSource the device recording from {@code deviceChangeNight} on instead of {@code
 *     primarySource}, or null
 * @param deviceChangeOffsetMinutes how much more total sleep the replacement device records than the truth (whole
 *     minutes; 0 without a device change)
 */
public record ClientTruth(
        String clinicId,
        String clientId,
        ZoneId zone,
        SleepSource primarySource,
        SleepSource secondarySource,
        List<ScheduledSession> sessions,
        Map<Modality, NightEffect> appliedEffects,
        boolean booksAfterWorstWeek,
        double badWeekMinutes,
        double seasonalDriftMinutes,
        LocalDate deviceChangeNight,
        SleepSource replacementSource,
        double deviceChangeOffsetMinutes) {

    /** Shifted means stay inside these bounds so nightly values never need clamping that would bias the mean. */
    private static final double MIN_TST = 120;

    private static final double MAX_TST = 660;
    private static final double MIN_LATENCY = 2;
    private static final double MAX_LATENCY = 120;
    private static final double MIN_WASO = 3;
    private static final double MAX_WASO = 180;

    public ClientTruth {
        sessions = List.copyOf(sessions);
        appliedEffects = Collections.unmodifiableMap(new EnumMap<>(appliedEffects));
        if ((deviceChangeNight == null) != (replacementSource == null)) {
            throw new IllegalArgumentException("a device change needs both its night and the replacement source");
        }
    }

    /** A client without hard cases. */
    static ClientTruth of(ClientProfile p, List<ScheduledSession> sessions, Map<Modality, TrueEffect> effects) {
        return of(p, sessions, effects, false, 0, 0, null, null, 0);
    }

    static ClientTruth of(
            ClientProfile p,
            List<ScheduledSession> sessions,
            Map<Modality, TrueEffect> effects,
            boolean booksAfterWorstWeek,
            double badWeekMinutes,
            double seasonalDriftMinutes,
            LocalDate deviceChangeNight,
            SleepSource replacementSource,
            double deviceChangeOffsetMinutes) {
        EnumMap<Modality, NightEffect> applied = new EnumMap<>(Modality.class);
        for (Map.Entry<Modality, TrueEffect> e : effects.entrySet()) {
            TrueEffect t = e.getValue();
            applied.put(
                    e.getKey(),
                    new NightEffect(
                            cap(t.totalSleepMinutes(), p.totalSleepMean(), MIN_TST, MAX_TST),
                            cap(t.sleepLatencyMinutes(), p.latencyMean(), MIN_LATENCY, MAX_LATENCY),
                            cap(t.wasoMinutes(), p.wasoMean(), MIN_WASO, MAX_WASO)));
        }
        return new ClientTruth(
                p.clinicId(),
                p.clientId(),
                p.zone(),
                p.primarySource(),
                p.secondarySource(),
                sessions,
                applied,
                booksAfterWorstWeek,
                badWeekMinutes,
                seasonalDriftMinutes,
                deviceChangeNight,
                replacementSource,
                deviceChangeNight == null ? 0 : deviceChangeOffsetMinutes);
    }

    private static double cap(double shift, double mean, double min, double max) {
        return Math.min(Math.max(shift, min - mean), max - mean);
    }

    /**
     * The shift on one night: the effect of the most recent completed session whose window N0..N0+6 contains
     * the night. Overlapping windows do not stack; cancelled and no-show sessions have no effect.
     */
    public NightEffect effectOn(LocalDate night) {
        for (int i = sessions.size() - 1; i >= 0; i--) {
            ScheduledSession s = sessions.get(i);
            if (!s.completed() || s.firstNight().isAfter(night)) {
                continue;
            }
            // The most recent completed session decides: if its window is over, every older one's is too.
            return night.isAfter(s.firstNight().plusDays(SessionScheduler.POST_NIGHTS - 1L))
                    ? NightEffect.NONE
                    : appliedEffects.get(s.modality());
        }
        return NightEffect.NONE;
    }

    /**
     * The fall of total sleep in the bad week that made the client book: {@code -badWeekMinutes} on nights
     * N0-7..N0-1 of the first session of every course (the booking a client decides on; the rest of a course is
     * booked with it), cancelled ones too (the booking came first); else 0. Not a session effect: the nights return
     * to the client's usual level whatever the massage does, which is exactly the regression to the mean a baseline
     * of those nights mistakes for a benefit.
     */
    public double badWeekDipOn(LocalDate night) {
        if (!booksAfterWorstWeek || badWeekMinutes == 0) {
            return 0;
        }
        Integer previousCourse = null;
        for (ScheduledSession s : sessions) {
            boolean opensCourse = previousCourse == null || s.course() != previousCourse;
            previousCourse = s.course();
            if (opensCourse
                    && night.isBefore(s.firstNight())
                    && !night.isBefore(s.firstNight().minusDays(HardCases.BAD_WEEK_NIGHTS))) {
                return -badWeekMinutes;
            }
        }
        return 0;
    }

    /** The seasonal drift of this client's mean total sleep on a night, minutes; not a session effect. */
    public double driftOn(LocalDate night) {
        return HardCases.seasonalDrift(seasonalDriftMinutes, night);
    }

    /** Whether the replacement device, not the original primary one, records that night. */
    public boolean replacedOn(LocalDate night) {
        return deviceChangeNight != null && !night.isBefore(deviceChangeNight);
    }

    /** The device recording (nearly) every night on that night: the primary one, or its replacement. */
    public SleepSource recordingSourceOn(LocalDate night) {
        return replacedOn(night) ? replacementSource : primarySource;
    }

    /**
     * Recorded minus true total sleep of the recording device's main sleep on that night, minutes: the replacement
     * device's offset from its first night on, otherwise 0. (The optional second device has its own per-client
     * bias, not covered here.)
     */
    public double readingOffsetOn(LocalDate night) {
        return replacedOn(night) ? deviceChangeOffsetMinutes : 0;
    }
}
