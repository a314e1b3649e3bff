package org.sleepdelta.metric;

/** Baseline and post statistics of one metric in one window; nulls where the definition leaves a value undefined. */
public record Stats(
        int baselineN,
        int postN,
        Double baselineMean,
        Double baselineSd,
        Double postMean,
        Double delta,
        Double pctChange,
        Double z,
        Boolean meaningfulImprovement) {

    /**
     * Values must come in night order: both the streaming and the batch computation sum in that order,
     * so they agree to the last bit.
     */
    static Stats of(Metric metric, double[] baseline, double[] post, int minPostNights) {
        Double baselineMean = mean(baseline);
        Double baselineSd = sampleSd(baseline, baselineMean);
        Double postMean = mean(post);
        boolean defined = baseline.length >= WindowSpec.MIN_BASELINE_NIGHTS && post.length >= minPostNights;
        if (!defined) {
            return new Stats(baseline.length, post.length, baselineMean, baselineSd, postMean, null, null, null, null);
        }
        double delta = postMean - baselineMean;
        Double pctChange = baselineMean == 0 ? null : 100.0 * delta / baselineMean;
        Double z = baselineSd == null || baselineSd == 0 ? null : delta / baselineSd;
        return new Stats(
                baseline.length,
                post.length,
                baselineMean,
                baselineSd,
                postMean,
                delta,
                pctChange,
                z,
                metric.meaningfulImprovement(delta));
    }

    private static Double mean(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample SD (n-1), two-pass for accuracy; undefined below two values; exactly 0 for identical values. */
    private static Double sampleSd(double[] values, Double mean) {
        if (values.length < 2) {
            return null;
        }
        if (allEqual(values)) {
            // The rounded mean of identical values can differ from them in the last bit, which would leave a
            // residue of ~1e-14 here and turn an undefined z (SD 0) into delta / 1e-14.
            return 0.0;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    private static boolean allEqual(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
