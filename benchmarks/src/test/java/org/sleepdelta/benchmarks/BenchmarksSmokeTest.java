package org.sleepdelta.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.sleepdelta.metric.WindowStatisticsBenchmark;

/**
 * Every benchmark still builds, sets up and runs: one 50 ms iteration each, in this JVM, no warm-up. It measures
 * nothing worth reading (docs/benchmarks.md has the real run); it keeps the benchmarks from rotting.
 */
class BenchmarksSmokeTest {
    /** Every benchmark class; a class missing here makes the test fail, since its results would be unexpected. */
    private static final List<Class<?>> BENCHMARK_CLASSES =
            List.of(CodecBenchmark.class, MainSleepBenchmark.class, WindowStatisticsBenchmark.class);

    @Test
    void everyBenchmarkRunsAndScores() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("org\\.sleepdelta\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> scores = results.stream()
                .collect(Collectors.toMap(
                        r -> r.getParams().getBenchmark(),
                        r -> r.getPrimaryResult().getScore()));
        assertThat(scores.keySet()).containsExactlyInAnyOrderElementsOf(declaredBenchmarks());
        assertThat(scores)
                .allSatisfy(
                        (benchmark, score) -> assertThat(score).as(benchmark).isPositive());
    }

    private static List<String> declaredBenchmarks() {
        return BENCHMARK_CLASSES.stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods())
                        .filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(Method::getName)
                        .map(name -> c.getName() + "." + name))
                .toList();
    }
}
