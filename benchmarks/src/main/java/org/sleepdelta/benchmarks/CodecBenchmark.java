package org.sleepdelta.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.codec.RecordCodec;

/**
 * Encode and decode of the three records the topology reads and writes most, one record per op, through the codec
 * every service uses. Baseline: copying the same record's encoded bytes, the least any decode or encode does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    /** Enough distinct records to cover every source, record shape and window type of the cohort. */
    private static final int SAMPLES = 512;

    private final RecordCodec<SleepRecord> sleepRecordCodec = Codecs.sleepRecord();
    private final RecordCodec<MassageSession> sessionCodec = Codecs.massageSession();
    private final RecordCodec<SleepChangeMetric> metricCodec = Codecs.sleepChangeMetric();

    private RoundRobin<Sample<SleepRecord>> sleepRecords;
    private RoundRobin<Sample<MassageSession>> sessions;
    private RoundRobin<Sample<SleepChangeMetric>> metrics;

    /** A record and its encoding. */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: the bytes are only read
    private record Sample<T>(T value, byte[] bytes) {}

    @Setup
    public void setUp() {
        SimulatedCohort cohort = SimulatedCohort.get();
        sleepRecords = samples(cohort.sleepRecords(), sleepRecordCodec);
        sessions = samples(cohort.sessions(), sessionCodec);
        metrics = samples(cohort.metrics(), metricCodec);
    }

    private static <T> RoundRobin<Sample<T>> samples(List<T> all, RecordCodec<T> codec) {
        int step = Math.max(1, all.size() / SAMPLES);
        List<Sample<T>> samples = new ArrayList<>();
        for (int i = 0; i < all.size() && samples.size() < SAMPLES; i += step) {
            samples.add(new Sample<>(all.get(i), codec.encode(all.get(i))));
        }
        return new RoundRobin<>(samples);
    }

    @Benchmark
    public byte[] sleepRecordBytesCopy() {
        return sleepRecords.next().bytes().clone();
    }

    @Benchmark
    public byte[] sleepRecordEncode() {
        return sleepRecordCodec.encode(sleepRecords.next().value());
    }

    @Benchmark
    public SleepRecord sleepRecordDecode() {
        return sleepRecordCodec.decode(sleepRecords.next().bytes());
    }

    @Benchmark
    public byte[] massageSessionBytesCopy() {
        return sessions.next().bytes().clone();
    }

    @Benchmark
    public byte[] massageSessionEncode() {
        return sessionCodec.encode(sessions.next().value());
    }

    @Benchmark
    public MassageSession massageSessionDecode() {
        return sessionCodec.decode(sessions.next().bytes());
    }

    @Benchmark
    public byte[] sleepChangeMetricBytesCopy() {
        return metrics.next().bytes().clone();
    }

    @Benchmark
    public byte[] sleepChangeMetricEncode() {
        return metricCodec.encode(metrics.next().value());
    }

    @Benchmark
    public SleepChangeMetric sleepChangeMetricDecode() {
        return metricCodec.decode(metrics.next().bytes());
    }
}
