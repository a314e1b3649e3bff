package org.sleepdelta.simulator;

/** The shapes a course of sessions takes, as day offsets from the course's first session. */
enum CoursePattern {
    SINGLE {
        @Override
        int[] dayOffsets(Rng rng) {
            return new int[] {0};
        }
    },
    /** Weekly x3-6, a day earlier or later now and then as real diaries shift. */
    WEEKLY {
        @Override
        int[] dayOffsets(Rng rng) {
            int[] offsets = new int[rng.between(3, 6)];
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = 7 * i + rng.between(-1, 1);
            }
            return offsets;
        }
    },
    /** Twice weekly x4-8: alternating 3- and 4-day gaps. */
    TWICE_WEEKLY {
        @Override
        int[] dayOffsets(Rng rng) {
            int[] offsets = new int[rng.between(4, 8)];
            int gap = rng.chance(0.5) ? 3 : 4;
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = offsets[i - 1] + gap;
                gap = 7 - gap;
            }
            return offsets;
        }
    },
    /** Monthly maintenance x2-4. */
    MONTHLY {
        @Override
        int[] dayOffsets(Rng rng) {
            int[] offsets = new int[rng.between(2, 4)];
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = offsets[i - 1] + rng.between(28, 31);
            }
            return offsets;
        }
    };

    private static final double[] WEIGHTS = {0.3, 0.3, 0.2, 0.2};

    abstract int[] dayOffsets(Rng rng);

    static CoursePattern draw(Rng rng) {
        return values()[rng.weighted(WEIGHTS)];
    }
}
