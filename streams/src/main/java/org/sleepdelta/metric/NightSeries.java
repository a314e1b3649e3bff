package org.sleepdelta.metric;

import java.util.Arrays;

/**
 * One metric's values on a run of nights, in night order, with each value's night as an epoch day so that
 * consecutive nights can be told from nights with a gap between them.
 */
public record NightSeries(long[] days, double[] values) {
    public static final NightSeries EMPTY = new NightSeries(new long[0], new double[0]);

    public NightSeries {
        if (days.length != values.length) {
            throw new IllegalArgumentException("one night per value");
        }
    }

    public int size() {
        return values.length;
    }

    /** Null without values. Sums in night order so that every caller gets the same bits. */
    public Double mean() {
        if (values.length == 0) {
            return null;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sum of squared deviations from {@code mean}; exactly 0 when every value is equal. */
    double sumOfSquares(double mean) {
        if (allEqual()) {
            // The rounded mean of identical values can differ from them in the last bit; the true spread is 0.
            return 0;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return squares;
    }

    boolean allEqual() {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NightSeries other && Arrays.equals(days, other.days) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(days) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NightSeries" + Arrays.toString(values);
    }
}
