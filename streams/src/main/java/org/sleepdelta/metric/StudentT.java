package org.sleepdelta.metric;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The two-sided 95 % quantile of Student's t, fast enough for every window of every input record. Degrees of freedom
 * are rounded down to a grid (steps of 1/1024 below 4, where the quantile falls steeply, and of 1/64 up to 64) and
 * the quantile of that is read from a table computed once; above 64 it is computed. Rounding down only ever widens
 * an interval, by under 0.3 %, and the same input always gives the same bits, so streaming and batch still agree
 * exactly. Inverting the distribution on every call cost about 15 us, most of a window's computation.
 */
final class StudentT {
    private static final int FINE_STEPS = 1024;
    private static final int FINE_BELOW = 4;
    private static final int COARSE_STEPS = 64;
    private static final int TABULATED_UP_TO = 64;
    private static final double[] FINE = new double[(FINE_BELOW - 1) * FINE_STEPS];
    private static final double[] COARSE = new double[(TABULATED_UP_TO - FINE_BELOW) * COARSE_STEPS + 1];

    static {
        for (int i = 0; i < FINE.length; i++) {
            FINE[i] = exact(1 + (double) i / FINE_STEPS);
        }
        for (int i = 0; i < COARSE.length; i++) {
            COARSE[i] = exact(FINE_BELOW + (double) i / COARSE_STEPS);
        }
    }

    private StudentT() {}

    /** The 97.5 % quantile for {@code degreesOfFreedom >= 1}, with the degrees rounded down to the grid. */
    static double quantile975(double degreesOfFreedom) {
        if (!(degreesOfFreedom >= 1)) {
            throw new IllegalArgumentException("degrees of freedom below 1: " + degreesOfFreedom);
        }
        if (degreesOfFreedom < FINE_BELOW) {
            return FINE[(int) Math.floor((degreesOfFreedom - 1) * FINE_STEPS)];
        }
        double steps = Math.floor((degreesOfFreedom - FINE_BELOW) * COARSE_STEPS);
        if (steps < COARSE.length) {
            return COARSE[(int) steps];
        }
        return exact(FINE_BELOW + steps / COARSE_STEPS);
    }

    private static double exact(double degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(ChangeUncertainty.TWO_SIDED_95);
    }
}
