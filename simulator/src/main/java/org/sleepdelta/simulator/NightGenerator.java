package org.sleepdelta.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Generates one client's true main sleep, night after night, in two steps: {@link #draw} takes every random
 * draw of a night (none depends on the session effect), and {@link #compose} turns the draws plus that night's
 * effect and drift into the night. Splitting them lets the simulator generate a client's whole noise series before
 * deciding when sessions happen (a client may book after a bad week), while the draws, and so a seed's output,
 * stay exactly what they were when both happened together.
 *
 * <p>Holds the autocorrelation state, so nights must be drawn in order (including nights no device records, so
 * the series stays continuous).
 */
final class NightGenerator {
    /**
     * Lights-out is kept between 20:30 and 02:30: twelve hours earlier is then safely inside the night's own date
     * however DST shifts the clock, so the product's night rule always lands on the intended night.
     */
    static final int EARLIEST_BEDTIME = 20 * 60 + 30;

    static final int LATEST_BEDTIME = 26 * 60 + 30;

    /**
     * Everything random about one night, before the effect is applied.
     *
     * @param start lights-out
     * @param residual the AR(1) deviation of total sleep from the client's mean, minutes
     * @param latencyFactor mean-one log-normal factor of sleep-onset latency
     * @param wasoFactor mean-one log-normal factor of WASO
     */
    record Draws(
            Instant start,
            double residual,
            double latencyFactor,
            double wasoFactor,
            int afterWake,
            int awakenings,
            double deepShare,
            double remShare,
            double restingHeartRate,
            double hrvRmssd) {}

    private final ClientProfile p;
    private final Rng rng;
    private final double phi;
    private final double innovationSd;
    private double residual;

    NightGenerator(ClientProfile profile, long seed) {
        this(profile, seed, null);
    }

    /** @param autocorrelation every night's AR(1) coefficient, or null for the profile's own */
    NightGenerator(ClientProfile profile, long seed, Double autocorrelation) {
        this.p = profile;
        this.rng = Rng.stream(seed, profile.index(), RandomPurpose.NIGHTS);
        this.phi = autocorrelation == null ? profile.totalSleepAutocorrelation() : autocorrelation;
        // AR(1) with this innovation SD has the profile's SD as its stationary SD, so the mean is untouched.
        this.innovationSd = profile.totalSleepSd() * Math.sqrt(1 - phi * phi);
        this.residual = profile.totalSleepSd() * rng.gaussian();
    }

    /** The next night's draws; nights must be requested in order. */
    Draws draw(LocalDate night) {
        residual = phi * residual + innovationSd * rng.gaussian();
        boolean weekend = night.getDayOfWeek() == DayOfWeek.FRIDAY || night.getDayOfWeek() == DayOfWeek.SATURDAY;
        int bedtime = p.bedtimeMinutes()
                + (weekend ? p.weekendDelayMinutes() : 0)
                + NightValues.minutes(p.bedtimeJitterMinutes() * rng.gaussian());
        bedtime = Math.max(EARLIEST_BEDTIME, Math.min(LATEST_BEDTIME, bedtime));
        Instant start =
                night.atStartOfDay().plusMinutes(bedtime).atZone(p.zone()).toInstant();
        double latencyFactor = rng.logNormalFactor(0.5);
        double wasoFactor = rng.logNormalFactor(0.45);
        int afterWake = NightValues.minutes(Math.min(rng.logNormalWithMean(p.afterWakeMean(), 0.6), 60));
        int awakenings = rng.poisson(p.awakeningsMean());
        double deepShare = p.deepFraction() + 0.02 * rng.gaussian();
        double remShare = p.remFraction() + 0.02 * rng.gaussian();
        double restingHeartRate = p.restingHeartRateMean() + 2.0 * rng.gaussian();
        double hrv = rng.logNormalWithMean(p.hrvRmssdMean(), 0.18);
        return new Draws(
                start,
                residual,
                latencyFactor,
                wasoFactor,
                afterWake,
                awakenings,
                deepShare,
                remShare,
                restingHeartRate,
                hrv);
    }

    /** The true total sleep of a night with these draws, effect and drift: what {@link #compose} reports. */
    static int totalSleep(ClientProfile p, Draws d, NightEffect effect, double drift) {
        // Clamps sit far in the tails of the (capped) shifted means, so they hardly ever bind.
        // drift == 0 adds an exact zero, leaving the sum bit-for-bit what it was without drift.
        return NightValues.minutes(
                NightValues.clamp(p.totalSleepMean() + effect.totalSleepMinutes() + drift + d.residual(), 90, 720));
    }

    /** The true main sleep of a night with these draws, effect and seasonal drift of mean total sleep. */
    static NightValues compose(ClientProfile p, Draws d, NightEffect effect, double drift) {
        int totalSleep = totalSleep(p, d, effect, drift);
        int latency = NightValues.minutes(
                Math.min((p.latencyMean() + effect.sleepLatencyMinutes()) * d.latencyFactor(), 180));
        int waso = NightValues.minutes(Math.min((p.wasoMean() + effect.wasoMinutes()) * d.wasoFactor(), 240));
        int awakenings = waso == 0 ? 0 : Math.max(1, d.awakenings()); // wakeful minutes imply at least one awakening
        return NightValues.of(
                d.start(),
                latency,
                totalSleep,
                waso,
                d.afterWake(),
                awakenings,
                d.deepShare(),
                d.remShare(),
                d.restingHeartRate(),
                d.hrvRmssd());
    }

    /** Draws and composes the next night in one go. */
    NightValues mainSleep(LocalDate night, NightEffect effect) {
        return compose(p, draw(night), effect, 0);
    }
}
