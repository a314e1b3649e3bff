package org.sleepdelta.cli.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mean over sessions with a 95% confidence interval clustered by client: one client's sessions share nights and
 * habits, so they are not independent, and a naive interval would be too narrow.
 */
public record Estimate(double mean, double low, double high, int n, int clusters) {
    private static final double Z975 = 1.959963984540054;

    public record Sample(String cluster, double value) {}

    public static Estimate of(List<Sample> samples) {
        int n = samples.size();
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        double mean = samples.stream().mapToDouble(Sample::value).sum() / n;
        Map<String, Double> residualSums = new HashMap<>();
        for (Sample s : samples) {
            residualSums.merge(s.cluster(), s.value() - mean, Double::sum);
        }
        int g = residualSums.size();
        if (g < 2) {
            return new Estimate(mean, Double.NaN, Double.NaN, n, g);
        }
        double squares = residualSums.values().stream().mapToDouble(r -> r * r).sum();
        double se = Math.sqrt((double) g / (g - 1) * squares) / n;
        double t = tQuantile975(g - 1);
        return new Estimate(mean, mean - t * se, mean + t * se, n, g);
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** Student t 97.5% quantile by the Cornish-Fisher expansion; within 0.002 of tables from 5 degrees of freedom. */
    static double tQuantile975(int df) {
        double z = Z975;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        return z
                + (z3 + z) / (4.0 * df)
                + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
    }
}
