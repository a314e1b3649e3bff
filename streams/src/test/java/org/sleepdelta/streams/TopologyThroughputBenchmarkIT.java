package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.Topics;

/**
 * The topology's own cost, without a broker: the demo's simulated cohort (200 clients x 120 nights) through a
 * TopologyTestDriver, with the real topology on RocksDB stores as production runs it, the same on in-memory stores
 * (which separates RocksDB's cost from our code's), the same with every input encrypted as ingest writes it (the cost of
 * decryption), and a baseline that only decodes each record and writes one
 * output. A measurement, not a test: it asserts only that every path saw all the input. Excluded from the default
 * build; run it with
 *
 * <pre>
 * mvn -B -o -pl streams -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=TopologyThroughputBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false -Dexcluded.test.groups=none
 * </pre>
 *
 * The numbers are printed and written to {@code streams/target/topology-benchmark.txt}. The driver commits after
 * every record, which would flush RocksDB's memtables per record; production under exactly-once does not flush at
 * commits, so the RocksDB path leaves those flushes out ({@link UnflushedRocksDb}).
 */
@Tag("benchmark")
class TopologyThroughputBenchmarkIT {
    private static final int CLIENTS = 200;
    private static final int NIGHTS = 120;
    private static final int MEASURED_ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    /** The RocksDB path takes most of the run; -Dbenchmark.rocksdb=false leaves it out when comparing code changes. */
    private static final boolean ROCKSDB = Boolean.parseBoolean(System.getProperty("benchmark.rocksdb", "true"));

    private static final String BASELINE = "baseline: decode + 1 output per input";
    private static final String PLAIN = "topology, in-memory stores";
    private static final String ENCRYPTED = "topology, in-memory stores, encrypted";
    private static final List<String> TOPOLOGY_OUTPUTS =
            List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP, Topics.REJECTIONS);

    @Test
    void topologyBesideADecodeOnlyBaseline() throws Exception {
        List<SimulatedArrivals.Arrival> arrivals = SimulatedArrivals.cohort(CLIENTS, NIGHTS);
        int n = arrivals.size();
        Map<String, Supplier<TimedDriverRun.Result>> paths = new LinkedHashMap<>();
        paths.put(
                BASELINE,
                () -> TimedDriverRun.run(BaselineTopology.build(), arrivals, List.of(BaselineTopology.OUTPUT)));
        paths.put(
                "topology, in-memory stores",
                () -> TimedDriverRun.run(
                        SleepChangeTopology.build(TopologySettings.defaults(), Stores::inMemoryKeyValueStore),
                        arrivals,
                        TOPOLOGY_OUTPUTS));
        // The same input sealed as ingest writes it (sealing is not timed), opened by the topology: the cost of
        // decryption, with the data keys already in memory as the directory holds them after the first lookup.
        EncryptedArrivals encrypted = EncryptedArrivals.of(arrivals);
        paths.put(
                ENCRYPTED,
                () -> TimedDriverRun.run(
                        SleepChangeTopology.build(
                                TopologySettings.defaults(),
                                TopologyMetrics.none(),
                                Stores::inMemoryKeyValueStore,
                                encrypted.decryptor()),
                        encrypted.arrivals(),
                        TOPOLOGY_OUTPUTS));
        if (ROCKSDB) {
            paths.put(
                    "topology, RocksDB stores (production)",
                    () -> TimedDriverRun.run(
                            SleepChangeTopology.build(TopologySettings.defaults(), UnflushedRocksDb::store),
                            arrivals,
                            TOPOLOGY_OUTPUTS));
        }

        // Every path in every round, so that drift (JIT, GC, page cache) hits them alike. The first round warms up
        // and is not counted; the median of the others is quoted, with their range.
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Long> outputs = new LinkedHashMap<>();
        for (int round = 0; round <= MEASURED_ROUNDS; round++) {
            for (Map.Entry<String, Supplier<TimedDriverRun.Result>> path : paths.entrySet()) {
                TimedDriverRun.Result result = path.getValue().get();
                outputs.put(path.getKey(), result.outputs());
                if (round > 0) {
                    rates.computeIfAbsent(path.getKey(), k -> new ArrayList<>()).add(result.recordsPerSecond(n));
                }
            }
        }
        assertThat(outputs.get(BASELINE)).isEqualTo(n);
        assertThat(outputs.get(ENCRYPTED)).isEqualTo(outputs.get(PLAIN));

        double baseline = median(rates.get(BASELINE));
        List<String> report = new ArrayList<>();
        report.add(String.format(
                Locale.ROOT,
                "%d input records (%d clients x %d nights, simulated), "
                        + "TopologyTestDriver, median of %d rounds after one warm-up round [min - max]",
                n,
                CLIENTS,
                NIGHTS,
                MEASURED_ROUNDS));
        rates.forEach((path, values) -> report.add(String.format(
                Locale.ROOT,
                "  %-40s %8.0f records/s  [%6.0f - %6.0f]  %7.1f us/record  %.3f x baseline  (%d outputs)",
                path,
                median(values),
                Collections.min(values),
                Collections.max(values),
                1e6 / median(values),
                median(values) / baseline,
                outputs.get(path))));
        report.add(String.format(
                Locale.ROOT,
                "  encrypted / plaintext input (in-memory stores): %.3f",
                median(rates.get(ENCRYPTED)) / median(rates.get(PLAIN))));
        String text = String.join(System.lineSeparator(), report);
        System.out.println(text);
        Files.writeString(Path.of("target", "topology-benchmark.txt"), text + System.lineSeparator());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }
}
