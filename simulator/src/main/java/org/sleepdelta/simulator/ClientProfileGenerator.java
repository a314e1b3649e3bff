package org.sleepdelta.simulator;

import java.util.List;
import org.sleepdelta.avro.SleepSource;

/** Draws each client's fixed traits from population ranges. */
final class ClientProfileGenerator {

    /** Sources a client may wear, with how common each is as the primary one. */
    private static final SleepSource[] SOURCES = {
        SleepSource.OURA,
        SleepSource.FITBIT,
        SleepSource.GARMIN,
        SleepSource.WITHINGS,
        SleepSource.APPLE_HEALTH,
        SleepSource.HEALTH_CONNECT,
        SleepSource.OPEN_MHEALTH
    };

    private static final double[] PRIMARY_WEIGHTS = {0.18, 0.18, 0.16, 0.12, 0.16, 0.12, 0.08};

    private final long seed;
    private final List<Clinic> clinics;
    private final double secondDeviceRate;

    ClientProfileGenerator(SimulationConfig config) {
        this.seed = config.seed();
        this.clinics = config.clinics();
        this.secondDeviceRate = config.rates().secondDevice();
    }

    /** The vendors a client may wear as a device (MANUAL and OTHER are not devices). */
    static List<SleepSource> wearableSources() {
        return List.of(SOURCES);
    }

    static String clientId(int index) {
        String digits = Integer.toString(index + 1);
        return digits.length() >= 4 ? "c" + digits : "c" + "0000".substring(digits.length()) + digits;
    }

    ClientProfile generate(int index) {
        Rng rng = Rng.stream(seed, index, RandomPurpose.PROFILE);
        // Round-robin keeps clinics balanced for any cohort size.
        Clinic clinic = clinics.get(index % clinics.size());
        SleepSource primary = SOURCES[rng.weighted(PRIMARY_WEIGHTS)];
        // Both draws happen whatever the rate, so changing the rate does not reshuffle the other traits.
        boolean wearsSecond = rng.chance(secondDeviceRate);
        int pick = rng.nextInt(SOURCES.length - 1);
        SleepSource secondary = wearsSecond ? SOURCES[pick >= indexOf(primary) ? pick + 1 : pick] : null;
        return new ClientProfile(
                index,
                clientId(index),
                clinic,
                primary,
                secondary,
                rng.between(22 * 60, 24 * 60 + 30),
                rng.uniform(15, 35),
                rng.between(0, 60),
                rng.uniform(360, 460),
                rng.uniform(30, 45),
                rng.uniform(0.2, 0.5),
                rng.uniform(8, 35),
                rng.uniform(15, 60),
                rng.uniform(3, 15),
                rng.uniform(1, 5),
                rng.uniform(0.13, 0.23),
                rng.uniform(0.18, 0.26),
                rng.uniform(50, 70),
                rng.uniform(25, 80),
                rng.gaussian() * 10);
    }

    private static int indexOf(SleepSource source) {
        for (int i = 0; i < SOURCES.length; i++) {
            if (SOURCES[i] == source) {
                return i;
            }
        }
        throw new IllegalStateException(source.toString());
    }
}
