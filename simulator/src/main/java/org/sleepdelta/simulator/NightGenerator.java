package org.sleepdelta.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Generates one client's true main sleep, night after night. Holds the autocorrelation state, so nights must be
 * requested in order (including nights no device records, so the series stays continuous).
 */
final class NightGenerator {
    /**
     * Lights-out is kept between 20:30 and 02:30: twelve hours earlier is then safely inside the night's own date
     * however DST shifts the clock, so the product's night rule always lands on the intended night.
     */
    static final int EARLIEST_BEDTIME = 20 * 60 + 30;

    static final int LATEST_BEDTIME = 26 * 60 + 30;

    private final ClientProfile p;
    private final Rng rng;
    private final double innovationSd;
    private double residual;

    NightGenerator(ClientProfile profile, long seed) {
        this.p = profile;
        this.rng = Rng.stream(seed, profile.index(), RandomPurpose.NIGHTS);
        double phi = profile.totalSleepAutocorrelation();
        // AR(1) with this innovation SD has the profile's SD as its stationary SD, so the mean is untouched.
        this.innovationSd = profile.totalSleepSd() * Math.sqrt(1 - phi * phi);
        this.residual = profile.totalSleepSd() * rng.gaussian();
    }

    NightValues mainSleep(LocalDate night, NightEffect effect) {
        residual = p.totalSleepAutocorrelation() * residual + innovationSd * rng.gaussian();
        boolean weekend = night.getDayOfWeek() == DayOfWeek.FRIDAY || night.getDayOfWeek() == DayOfWeek.SATURDAY;
        int bedtime = p.bedtimeMinutes()
                + (weekend ? p.weekendDelayMinutes() : 0)
                + NightValues.minutes(p.bedtimeJitterMinutes() * rng.gaussian());
        bedtime = Math.max(EARLIEST_BEDTIME, Math.min(LATEST_BEDTIME, bedtime));
        Instant start =
                night.atStartOfDay().plusMinutes(bedtime).atZone(p.zone()).toInstant();

        // Clamps below sit far in the tails of the (capped) shifted means, so they hardly ever bind.
        int totalSleep = NightValues.minutes(
                NightValues.clamp(p.totalSleepMean() + effect.totalSleepMinutes() + residual, 90, 720));
        int latency = NightValues.minutes(
                Math.min(rng.logNormalWithMean(p.latencyMean() + effect.sleepLatencyMinutes(), 0.5), 180));
        int waso = NightValues.minutes(Math.min(rng.logNormalWithMean(p.wasoMean() + effect.wasoMinutes(), 0.45), 240));
        int afterWake = NightValues.minutes(Math.min(rng.logNormalWithMean(p.afterWakeMean(), 0.6), 60));
        int awakenings = rng.poisson(p.awakeningsMean());
        awakenings = waso == 0 ? 0 : Math.max(1, awakenings); // wakeful minutes imply at least one awakening
        return NightValues.of(
                start,
                latency,
                totalSleep,
                waso,
                afterWake,
                awakenings,
                p.deepFraction() + 0.02 * rng.gaussian(),
                p.remFraction() + 0.02 * rng.gaussian(),
                p.restingHeartRateMean() + 2.0 * rng.gaussian(),
                rng.logNormalWithMean(p.hrvRmssdMean(), 0.18));
    }
}
