package org.sleepdelta.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.sleepdelta.schemas.Topics;

/**
 * One timed pass of all arrivals through a fresh TopologyTestDriver (fresh state directory, empty stores), so that
 * every round does the same work. Only the piping is timed: building the driver, opening and closing stores are not.
 */
final class TimedDriverRun {
    /** What one pass took and what it wrote. */
    record Result(long nanos, long outputs) {
        double recordsPerSecond(int records) {
            return records / (nanos / 1e9);
        }
    }

    private TimedDriverRun() {}

    static Result run(Topology topology, List<SimulatedArrivals.Arrival> arrivals, List<String> outputTopics) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("sleepdelta-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sleepdelta-benchmark");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, byte[]> sleep = driver.createInputTopic(
                    Topics.SLEEP_RECORDS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> sessions = driver.createInputTopic(
                    Topics.MASSAGE_SESSIONS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            long started = System.nanoTime();
            for (SimulatedArrivals.Arrival arrival : arrivals) {
                (arrival.sleep() ? sleep : sessions).pipeInput(arrival.record());
            }
            long nanos = System.nanoTime() - started;
            long outputs = 0;
            for (String topic : outputTopics) {
                outputs += driver.createOutputTopic(
                                topic,
                                Serdes.String().deserializer(),
                                Serdes.ByteArray().deserializer())
                        .getQueueSize();
            }
            return new Result(nanos, outputs);
        } finally {
            delete(stateDir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir only costs disk
        }
    }
}
