package org.sleepdelta.metric;

/**
 * Baseline, post and reference statistics of one metric in one window; nulls where the definition leaves a value
 * undefined. docs/metric-definition.md gives every formula.
 */
public record Stats(
        int baselineN,
        int postN,
        Double baselineMean,
        Double baselineSd,
        Double postMean,
        Double delta,
        Double pctChange,
        Double z,
        Boolean meaningfulImprovement,
        Double ciLow,
        Double ciHigh,
        Boolean reliableImprovement,
        Boolean meetsThreshold,
        Double autocorrelation,
        int referenceN,
        Double referenceMean,
        Double adjustedDelta,
        Double adjustedCiLow,
        Double adjustedCiHigh) {

    /**
     * Series must come in night order: both the streaming and the batch computation sum in that order, so they agree
     * to the last bit.
     */
    static Stats of(Metric metric, NightSeries baseline, NightSeries post, NightSeries reference, int minPostNights) {
        Double baselineMean = baseline.mean();
        Double baselineSd = sampleSd(baseline, baselineMean);
        Double postMean = post.mean();
        Double referenceMean = reference.mean();
        boolean postDefined = post.size() >= minPostNights;
        boolean defined = postDefined && baseline.size() >= WindowSpec.MIN_BASELINE_NIGHTS;
        boolean adjustedDefined = postDefined && reference.size() >= WindowSpec.MIN_BASELINE_NIGHTS;
        Double rho = defined || adjustedDefined ? ChangeUncertainty.autocorrelation(reference, baseline) : null;

        Double delta = null;
        Double pctChange = null;
        Double z = null;
        Interval interval = null;
        Boolean meetsThreshold = null;
        Boolean reliable = null;
        Boolean meaningful = null;
        if (defined) {
            delta = postMean - baselineMean;
            pctChange = baselineMean == 0 ? null : 100.0 * delta / baselineMean;
            z = baselineSd == null || baselineSd == 0 ? null : delta / baselineSd;
            interval = ChangeUncertainty.interval(baseline, post, delta, rho);
            meetsThreshold = metric.meetsThreshold(delta);
            reliable = metric.reliablyImproved(interval);
            meaningful = meetsThreshold == null ? null : meetsThreshold && Boolean.TRUE.equals(reliable);
        }
        Double adjustedDelta = null;
        Interval adjustedInterval = null;
        if (adjustedDefined) {
            adjustedDelta = postMean - referenceMean;
            adjustedInterval = ChangeUncertainty.interval(reference, post, adjustedDelta, rho);
        }
        return new Stats(
                baseline.size(),
                post.size(),
                baselineMean,
                baselineSd,
                postMean,
                delta,
                pctChange,
                z,
                meaningful,
                interval == null ? null : interval.low(),
                interval == null ? null : interval.high(),
                reliable,
                meetsThreshold,
                rho,
                reference.size(),
                referenceMean,
                adjustedDelta,
                adjustedInterval == null ? null : adjustedInterval.low(),
                adjustedInterval == null ? null : adjustedInterval.high());
    }

    /** Sample SD (n-1), two-pass for accuracy; undefined below two values; exactly 0 for identical values. */
    private static Double sampleSd(NightSeries series, Double mean) {
        if (series.size() < 2) {
            return null;
        }
        return Math.sqrt(series.sumOfSquares(mean) / (series.size() - 1));
    }
}
