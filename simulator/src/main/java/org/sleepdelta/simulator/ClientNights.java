package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One client's whole noise series, drawn before anything else about the client is decided, so that switching a hard
 * case on changes no draw. The true night follows from the draws, the effect in force, the seasonal drift and any
 * bad week before a booking.
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

    /**
     * The true main sleep of a simulated night under the given session effect and a passing shift of total sleep
     * that is no session's doing (a bad week; 0 for none).
     */
    NightValues mainSleep(LocalDate night, NightEffect effect, double passingShift) {
        // passingShift == 0 adds an exact zero, leaving the sum bit-for-bit what it was without it.
        return NightGenerator.compose(
                p, draws(night), effect, HardCases.seasonalDrift(driftAmplitude, night) + passingShift);
    }

    private NightGenerator.Draws draws(LocalDate night) {
        if (!covers(night)) {
            throw new IllegalArgumentException("night " + night + " is outside the simulated period");
        }
        return draws[(int) ChronoUnit.DAYS.between(firstNight, night)];
    }
}
