package org.sleepdelta.metric;

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
import org.openjdk.jmh.infra.Blackhole;
import org.sleepdelta.benchmarks.RoundRobin;
import org.sleepdelta.benchmarks.SimulatedCohort;

/**
 * One WEEK_1 window's statistics, as the topology computes them for every window an input record touches:
 * {@link SleepChangeCalculator#compute} over a simulated client's ~70 nights of main sleeps, and its parts for one
 * metric (total sleep): {@code Stats.of} (package-private, hence this package), the autocorrelation and the interval.
 *
 * <p>Baseline: gathering the window's baseline, post and reference nights from the map into lists, as
 * {@code compute} does before any statistic, so the ratio is the statistics' cost over reading the nights.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowStatisticsBenchmark {
    /** Distinct windows handed out in turn: different clients, sources and gaps. */
    private static final int WINDOWS = 16;

    private RoundRobin<Prepared> windows;

    /** A window with its total-sleep series and the values the interval needs, computed in setup. */
    private record Prepared(Week1Window window, Week1Window.Series series, double delta, double rho) {}

    @Setup
    public void setUp() {
        List<Prepared> prepared = new ArrayList<>();
        for (Week1Window w : Week1Window.mostMeasured(SimulatedCohort.get(), WINDOWS)) {
            Week1Window.Series s = w.series(Metric.TOTAL_SLEEP_MINUTES);
            if (s.post().size() == 0 || s.baseline().size() == 0) {
                continue;
            }
            prepared.add(new Prepared(
                    w,
                    s,
                    s.post().mean() - s.baseline().mean(),
                    ChangeUncertainty.autocorrelation(s.reference(), s.baseline())));
        }
        windows = new RoundRobin<>(prepared);
    }

    @Benchmark
    public void gatherWindowNights(Blackhole blackhole) {
        Week1Window w = windows.next().window();
        WindowSpec spec = w.spec();
        blackhole.consume(new ArrayList<>(w.mainSleeps()
                .subMap(spec.baselineStart(), true, spec.baselineEnd(), true)
                .values()));
        blackhole.consume(new ArrayList<>(w.mainSleeps()
                .subMap(spec.postStart(), true, spec.postEnd(), true)
                .values()));
        blackhole.consume(new ArrayList<>(w.mainSleeps()
                .subMap(w.reference().start(), true, w.reference().end(), true)
                .values()));
    }

    @Benchmark
    public SleepChange compute() {
        Week1Window w = windows.next().window();
        return SleepChangeCalculator.compute(
                w.spec(), w.reference(), w.mainSleeps(), w.latestNight(), MetricSettings.DEFAULT_LATE_GRACE_DAYS);
    }

    @Benchmark
    public Stats statsOfOneMetric() {
        Prepared p = windows.next();
        return Stats.of(
                Metric.TOTAL_SLEEP_MINUTES,
                p.series().baseline(),
                p.series().post(),
                p.series().reference(),
                p.window().spec().minPostNights());
    }

    @Benchmark
    public double autocorrelation() {
        Week1Window.Series s = windows.next().series();
        return ChangeUncertainty.autocorrelation(s.reference(), s.baseline());
    }

    @Benchmark
    public Interval interval() {
        Prepared p = windows.next();
        return ChangeUncertainty.interval(p.series().baseline(), p.series().post(), p.delta(), p.rho());
    }
}
