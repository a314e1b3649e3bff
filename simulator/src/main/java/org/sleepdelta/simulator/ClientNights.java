package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One client's whole noise series, drawn before any session is placed, so session dates may depend on how the
 * client slept (see {@link HardCases#bookAfterWorstWeek()}) without the nights depending on the order of work.
 * The true night follows from the draws, the effect in force and the seasonal drift.
 */
final class ClientNights {
    private final ClientProfile p;
    private final LocalDate firstNight;
    private final NightGenerator.Draws[] draws;
    private final double driftAmplitude;

    private ClientNights(ClientProfile p, LocalDate firstNight, NightGenerator.Draws[] draws, double driftAmplitude) {
        this.p = p;
        this.firstNight = firstNight;
        this.draws = draws;
        this.driftAmplitude = driftAmplitude;
    }

    static ClientNights draw(ClientProfile p, SimulationConfig config) {
        HardCases hard = config.hardCases();
        NightGenerator generator = new NightGenerator(p, config.seed(), hard.totalSleepAutocorrelation());
        NightGenerator.Draws[] draws = new NightGenerator.Draws[config.nights()];
        LocalDate night = config.firstNight();
        for (int i = 0; i < draws.length; i++, night = night.plusDays(1)) {
            draws[i] = generator.draw(night);
        }
        return new ClientNights(p, config.firstNight(), draws, hard.seasonalDriftMinutes());
    }

    boolean covers(LocalDate night) {
        long i = ChronoUnit.DAYS.between(firstNight, night);
        return i >= 0 && i < draws.length;
    }

    /** The true main sleep of a simulated night under the given session effect. */
    NightValues mainSleep(LocalDate night, NightEffect effect) {
        return NightGenerator.compose(p, draws(night), effect, HardCases.seasonalDrift(driftAmplitude, night));
    }

    /** The true total sleep of a simulated night under the given session effect (as {@link #mainSleep} has it). */
    int totalSleep(LocalDate night, NightEffect effect) {
        return NightGenerator.totalSleep(p, draws(night), effect, HardCases.seasonalDrift(driftAmplitude, night));
    }

    private NightGenerator.Draws draws(LocalDate night) {
        if (!covers(night)) {
            throw new IllegalArgumentException("night " + night + " is outside the simulated period");
        }
        return draws[(int) ChronoUnit.DAYS.between(firstNight, night)];
    }
}
