package org.sleepdelta.metric;

/**
 * The 95 % interval of a change between two runs of a client's nights, honest about nights that resemble the night
 * before. Nights are modelled as AR(1) around each run's mean: values {@code d} nights apart correlate with
 * {@code rho^d}. For runs a (baseline or reference) and p (post) with values on nights {@code t_i}, let
 * {@code S_xy = sum_{i in x} sum_{j in y} rho^|t_i - t_j|}. Then
 * {@code Var(mean_p - mean_a) = sigma^2 * (S_pp / m^2 + S_aa / k^2 - 2 S_ap / (k m))}, exact for the actual nights
 * (gaps included), and {@code E[sum of squares of run x] = sigma^2 * (n_x - S_xx / n_x)}, which gives sigma^2
 * without the downward bias correlated nights give a plain sample variance. The quantile is Student's t with
 * {@code (k - S_aa / k) + (m - S_pp / m)} degrees of freedom (at least 1): the divisor of sigma^2, which is
 * {@code k + m - 2} for independent nights, rounded down to a 1/64 step (see {@link StudentT}). For a single post
 * night this is a prediction interval. With rho = 0 everything reduces to the pooled two-sample t interval. Pure:
 * the streaming and the batch computation call it with the same values in the same order.
 */
public final class ChangeUncertainty {
    /** Below 0 a short series cannot be told from noise; above 0.9 the inflation would be driven by a few pairs. */
    public static final double MAX_AUTOCORRELATION = 0.9;

    static final double TWO_SIDED_95 = 0.975;

    private ChangeUncertainty() {}

    /**
     * Lag-1 autocorrelation of the given runs of nights: each run centred on its own mean (so a level shift between
     * runs is not mistaken for correlation), products taken only over pairs of consecutive calendar nights within a
     * run. The raw estimate is biased towards zero by about {@code (1 + 4 rho) / n} for a run of n nights
     * (Marriott and Pope 1954), so it is corrected with n the mean run length, then clamped to [0, 0.9].
     * 0 when no pair of consecutive nights exists or every value is equal.
     */
    public static double autocorrelation(NightSeries... runs) {
        double lagProducts = 0;
        double squares = 0;
        int pairs = 0;
        int values = 0;
        int nonEmptyRuns = 0;
        for (NightSeries run : runs) {
            Double mean = run.mean();
            if (mean == null) {
                continue;
            }
            nonEmptyRuns++;
            values += run.size();
            squares += run.sumOfSquares(mean);
            for (int i = 0; i + 1 < run.size(); i++) {
                if (run.days()[i + 1] == run.days()[i] + 1) {
                    lagProducts += (run.values()[i] - mean) * (run.values()[i + 1] - mean);
                    pairs++;
                }
            }
        }
        if (pairs == 0 || squares == 0) {
            return 0;
        }
        double raw = (lagProducts / pairs) / (squares / values);
        double meanRunLength = (double) values / nonEmptyRuns;
        double corrected = meanRunLength > 4 ? (meanRunLength * raw + 1) / (meanRunLength - 4) : MAX_AUTOCORRELATION;
        return Math.max(0, Math.min(MAX_AUTOCORRELATION, corrected));
    }

    /**
     * The 95 % interval for {@code delta = mean(post) - mean(comparison)}, or null when the nights show no spread at
     * all (a zero-width interval would claim certainty the data cannot give).
     */
    public static Interval interval(NightSeries comparison, NightSeries post, double delta, double rho) {
        int k = comparison.size();
        int m = post.size();
        double squares = comparison.sumOfSquares(comparison.mean()) + post.sumOfSquares(post.mean());
        if (squares == 0) {
            return null;
        }
        double[] powers = powers(rho, comparison, post);
        double sComparison = correlationSum(comparison, comparison, powers);
        double sPost = correlationSum(post, post, powers);
        double sCross = correlationSum(comparison, post, powers);
        double expectedSquares = (k - sComparison / k) + (m - sPost / m);
        double sigma2 = squares / expectedSquares;
        double variance =
                sigma2 * (sPost / ((double) m * m) + sComparison / ((double) k * k) - 2 * sCross / ((double) k * m));
        // The expected sum of squares in units of sigma^2 plays the part of k + m - 2: it is exactly that for
        // independent nights and shrinks as correlated nights carry less information about the spread.
        double degreesOfFreedom = Math.max(1, expectedSquares);
        double halfWidth = StudentT.quantile975(degreesOfFreedom) * Math.sqrt(Math.max(0, variance));
        return new Interval(delta - halfWidth, delta + halfWidth);
    }

    /** rho^d for every distance d the two runs can span. */
    private static double[] powers(double rho, NightSeries a, NightSeries b) {
        long first = Math.min(a.days()[0], b.days()[0]);
        long last = Math.max(a.days()[a.size() - 1], b.days()[b.size() - 1]);
        double[] powers = new double[(int) (last - first) + 1];
        powers[0] = 1;
        for (int d = 1; d < powers.length; d++) {
            powers[d] = powers[d - 1] * rho;
        }
        return powers;
    }

    private static double correlationSum(NightSeries a, NightSeries b, double[] powers) {
        double sum = 0;
        for (long dayA : a.days()) {
            for (long dayB : b.days()) {
                sum += powers[(int) Math.abs(dayA - dayB)];
            }
        }
        return sum;
    }
}
