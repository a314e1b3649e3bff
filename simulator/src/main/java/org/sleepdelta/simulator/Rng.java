package org.sleepdelta.simulator;

/**
 * SplitMix64 generator with the few distributions the simulator needs.
 *
 * <p>Hand-rolled (and using {@link StrictMath}) rather than {@code java.util.Random} so the same seed yields the
 * same cohort on every JVM and platform: the demo's expected numbers must not depend on where it runs.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** An independent stream for one purpose of one entity, so adding draws in one stream never shifts another. */
    static Rng stream(long seed, long entity, long purpose) {
        return new Rng(mix(mix(mix(seed) ^ (entity * GOLDEN)) ^ (purpose + 0x632BE59BD9B4E019L)));
    }

    /** The SplitMix64 finaliser: a good 64-bit hash, also used for deterministic ids. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) (nextDouble() * bound);
    }

    /** Uniform integer in [min, max], both inclusive. */
    int between(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    /** Uniform real in [min, max). */
    double uniform(double min, double max) {
        return min + (max - min) * nextDouble();
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal (Box-Muller; the second deviate is discarded to keep the stream stateless). */
    double gaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log(0) would be infinite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Log-normal with the given arithmetic mean: positive without clamping, so shifting the mean is unbiased. */
    double logNormalWithMean(double mean, double sigma) {
        return mean * logNormalFactor(sigma);
    }

    /** The mean-one log-normal factor behind {@link #logNormalWithMean}: drawn now, the mean applied later. */
    double logNormalFactor(double sigma) {
        return StrictMath.exp(sigma * gaussian() - sigma * sigma / 2.0);
    }

    /** Poisson by Knuth's method; fine for the small means used here. */
    int poisson(double mean) {
        double limit = StrictMath.exp(-mean);
        double product = nextDouble();
        int k = 0;
        while (product > limit) {
            k++;
            product *= nextDouble();
        }
        return k;
    }

    /** Index drawn with probability proportional to its weight. */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
