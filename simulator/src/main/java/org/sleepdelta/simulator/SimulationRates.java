package org.sleepdelta.simulator;

/**
 * How often each real-world irregularity happens. Every value is a probability in [0, 1].
 *
 * @param missingNight a source has no record for a night (device not worn, battery flat)
 * @param nap a day has an afternoon nap (recorded by the primary source)
 * @param secondDevice a client also wears a second device that records the same nights
 * @param lateSync a record arrives 1-5 days after the sleep instead of a few hours
 * @param rescore the vendor later re-sends a record with revised values under the same sourceRecordId
 * @param spurious a source emits a bogus extra record for a night and later deletes it
 * @param cancellation a booking is cancelled or a no-show (arrives as a second event for the session)
 */
public record SimulationRates(
        double missingNight,
        double nap,
        double secondDevice,
        double lateSync,
        double rescore,
        double spurious,
        double cancellation) {

    public SimulationRates {
        check("missingNight", missingNight);
        check("nap", nap);
        check("secondDevice", secondDevice);
        check("lateSync", lateSync);
        check("rescore", rescore);
        check("spurious", spurious);
        check("cancellation", cancellation);
    }

    public static SimulationRates defaults() {
        return new SimulationRates(0.08, 0.06, 0.15, 0.10, 0.05, 0.01, 0.08);
    }

    /** No irregularities at all: every night recorded once, on time, never revised. */
    public static SimulationRates none() {
        return new SimulationRates(0, 0, 0, 0, 0, 0, 0);
    }

    public SimulationRates withMissingNight(double p) {
        return new SimulationRates(p, nap, secondDevice, lateSync, rescore, spurious, cancellation);
    }

    public SimulationRates withNap(double p) {
        return new SimulationRates(missingNight, p, secondDevice, lateSync, rescore, spurious, cancellation);
    }

    public SimulationRates withSecondDevice(double p) {
        return new SimulationRates(missingNight, nap, p, lateSync, rescore, spurious, cancellation);
    }

    public SimulationRates withLateSync(double p) {
        return new SimulationRates(missingNight, nap, secondDevice, p, rescore, spurious, cancellation);
    }

    public SimulationRates withRescore(double p) {
        return new SimulationRates(missingNight, nap, secondDevice, lateSync, p, spurious, cancellation);
    }

    public SimulationRates withSpurious(double p) {
        return new SimulationRates(missingNight, nap, secondDevice, lateSync, rescore, p, cancellation);
    }

    public SimulationRates withCancellation(double p) {
        return new SimulationRates(missingNight, nap, secondDevice, lateSync, rescore, spurious, p);
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
        }
    }
}
