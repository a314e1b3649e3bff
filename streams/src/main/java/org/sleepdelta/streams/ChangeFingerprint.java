package org.sleepdelta.streams;

import java.time.LocalDate;
import org.sleepdelta.metric.Metric;
import org.sleepdelta.metric.SleepChange;
import org.sleepdelta.metric.Stats;
import org.sleepdelta.metric.WindowSpec;

/**
 * A 128-bit digest of exactly what the dashboard record of a change shows (every field {@code SleepChangeRecords.toAvro}
 * writes, except the client and revision, which are fixed per key): two changes with the same digest give equal
 * records, short of a 128-bit collision. Comparing digests spares building the record and decoding the one emitted
 * before, for every window of every input; the record is built and encoded only when it changed.
 */
record ChangeFingerprint(long high, long low) {
    private static final long NULL = 0x6a09e667f3bcc909L;
    private static final Metric[] METRICS = Metric.values();

    static ChangeFingerprint of(SleepChange change) {
        Digest d = new Digest();
        WindowSpec spec = change.spec();
        d.add(spec.sessionId().hashCode());
        d.add(spec.sessionId().length());
        d.add(spec.window().ordinal());
        d.add(spec.modality().ordinal());
        d.add(spec.firstNight());
        d.add(spec.postStart());
        d.add(spec.postEnd());
        d.add(spec.baselineStart());
        d.add(spec.baselineEnd());
        d.add(spec.sessionsInWindow() == null ? NULL : spec.sessionsInWindow());
        d.add(change.mixedSources() ? 1 : 0);
        d.add(change.complete() ? 1 : 0);
        for (Metric metric : METRICS) {
            Stats s = change.metrics().get(metric);
            d.add(s.baselineN());
            d.add(s.postN());
            d.add(s.baselineMean());
            d.add(s.baselineSd());
            d.add(s.postMean());
            d.add(s.delta());
            d.add(s.pctChange());
            d.add(s.z());
            d.add(s.meaningfulImprovement());
            d.add(s.ciLow());
            d.add(s.ciHigh());
            d.add(s.reliableImprovement());
            d.add(s.meetsThreshold());
            d.add(s.autocorrelation());
            d.add(s.referenceN());
            d.add(s.referenceMean());
            d.add(s.adjustedDelta());
            d.add(s.adjustedCiLow());
            d.add(s.adjustedCiHigh());
        }
        return new ChangeFingerprint(d.high, d.low);
    }

    /** Two independent 64-bit lanes, each a multiply-xorshift chain over the values (SplitMix64's finaliser). */
    private static final class Digest {
        long high = 0x243f6a8885a308d3L;
        long low = 0x13198a2e03707344L;

        void add(long value) {
            high = mix(high ^ value, 0x9e3779b97f4a7c15L);
            low = mix(low + value, 0xc2b2ae3d27d4eb4fL);
        }

        void add(Double value) {
            add(value == null ? NULL : Double.doubleToLongBits(value));
        }

        void add(Boolean value) {
            add(value == null ? NULL : value ? 1L : 2L);
        }

        void add(LocalDate date) {
            add(date.toEpochDay());
        }

        private static long mix(long z, long multiplier) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * multiplier;
            return z ^ (z >>> 31);
        }
    }
}
