package org.sleepdelta.simulator;

import java.time.Instant;
import java.time.LocalDate;

/**
 * How what devices report departs from the true night: a second device's reading, a vendor's re-scoring, a bogus
 * fragment, and afternoon naps. Uses its own random stream, so these never disturb the true nights, and every
 * method draws the same number of values whatever the night's values, so changing an effect moves no noise.
 */
final class DeviceReadings {
    private final ClientProfile p;
    private final Rng rng;

    DeviceReadings(ClientProfile profile, Rng rng) {
        this.p = profile;
        this.rng = rng;
    }

    /** A second device on the same night: its own start, a personal bias and independent measurement noise. */
    NightValues secondDevice(NightValues v) {
        int latency = Math.max(0, v.latency() + NightValues.minutes(3 * rng.gaussian()));
        int totalSleep =
                Math.max(60, v.totalSleep() + NightValues.minutes(p.secondaryTotalSleepBias() + 8 * rng.gaussian()));
        int waso = Math.max(0, v.waso() + NightValues.minutes(6 * rng.gaussian()));
        int afterWake = Math.max(0, v.afterWake() + NightValues.minutes(2 * rng.gaussian()));
        // Drawn unconditionally: a value-dependent number of draws would let an effect reshuffle later noise.
        int awakeningsNoise = NightValues.minutes(rng.gaussian());
        int awakenings = waso == 0 ? 0 : Math.max(1, v.awakenings() + awakeningsNoise);
        Instant start = v.start().plusSeconds(60L * NightValues.minutes(4 * rng.gaussian()));
        return NightValues.of(
                start,
                latency,
                totalSleep,
                waso,
                afterWake,
                awakenings,
                v.deepShare() + 0.03 * rng.gaussian(),
                v.remShare() + 0.03 * rng.gaussian(),
                v.restingHeartRate() + rng.gaussian(),
                v.hrvRmssd() * StrictMath.exp(0.08 * rng.gaussian()));
    }

    /**
     * The vendor's revised scoring of the same period: same start and end (the bed interval is measured, not
     * scored), sleep moved to or from wake, stages re-split.
     */
    NightValues rescored(NightValues v) {
        int delta = rng.between(3, 15) * (rng.chance(0.5) ? 1 : -1);
        int waso = v.waso();
        int afterWake = v.afterWake();
        if (delta > 0) {
            delta = Math.min(delta, waso + afterWake);
            int fromWaso = Math.min(delta, waso);
            waso -= fromWaso;
            afterWake -= delta - fromWaso;
        } else {
            delta = Math.max(delta, 1 - v.totalSleep());
            waso -= delta;
        }
        int awakenings = waso == 0 ? 0 : Math.max(1, v.awakenings());
        return NightValues.of(
                v.start(),
                v.latency(),
                v.totalSleep() + delta,
                waso,
                afterWake,
                awakenings,
                v.deepShare() + 0.02 * rng.gaussian(),
                v.remShare() + 0.02 * rng.gaussian(),
                v.restingHeartRate() + 0.5 * rng.gaussian(),
                v.hrvRmssd() * StrictMath.exp(0.05 * rng.gaussian()));
    }

    /** A bogus fragment inside the night (e.g. a restless hour scored as a separate sleep), later deleted. */
    NightValues spuriousFragment(NightValues v) {
        Instant start = v.start().plusSeconds(60L * (v.latency() + rng.between(60, 180)));
        int waso = rng.between(0, 10);
        return NightValues.of(
                start,
                rng.between(0, 5),
                rng.between(30, 120),
                waso,
                0,
                waso == 0 ? 0 : 1,
                0.1,
                0.15,
                v.restingHeartRate() + 3,
                v.hrvRmssd() * 0.8);
    }

    /** An afternoon nap on the given day (13:00-16:30 start), which the night rule files under that day's night. */
    NightValues nap(LocalDate day) {
        Instant start = day.atStartOfDay()
                .plusMinutes(rng.between(13 * 60, 16 * 60 + 30))
                .atZone(p.zone())
                .toInstant();
        int waso = rng.between(0, 6);
        return NightValues.of(
                start,
                rng.between(2, 12),
                rng.between(20, 90),
                waso,
                rng.between(0, 4),
                waso == 0 ? 0 : 1,
                rng.uniform(0.05, 0.2),
                rng.uniform(0.0, 0.1),
                p.restingHeartRateMean() + 3 + 2 * rng.gaussian(),
                rng.logNormalWithMean(p.hrvRmssdMean(), 0.2));
    }
}
