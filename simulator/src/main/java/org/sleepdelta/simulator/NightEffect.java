package org.sleepdelta.simulator;

/**
 * The noise-free shift of a client's means on one night (or the average over a range of nights). This is the
 * ground truth the pipeline's deltas should recover: expected delta = mean shift over post nights minus mean
 * shift over baseline nights.
 *
 * <p>It can differ from the configured {@link TrueEffect} for a client whose own mean latency or WASO is too
 * small to fall by the full amount; the simulator applies, and reports, the capped shift.
 */
public record NightEffect(double totalSleepMinutes, double sleepLatencyMinutes, double wasoMinutes) {

    public static final NightEffect NONE = new NightEffect(0, 0, 0);

    public boolean isNone() {
        return totalSleepMinutes == 0 && sleepLatencyMinutes == 0 && wasoMinutes == 0;
    }

    public NightEffect minus(NightEffect other) {
        return new NightEffect(
                totalSleepMinutes - other.totalSleepMinutes,
                sleepLatencyMinutes - other.sleepLatencyMinutes,
                wasoMinutes - other.wasoMinutes);
    }
}
