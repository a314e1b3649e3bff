package org.sleepdelta.cli.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.sleepdelta.schemas.kafka.CanonicalRecords;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.SimulatedEvent;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;

/**
 * A simulated cohort, encoded once as ingest's producers encode it (key, codec bytes, event-time timestamp, ingest
 * time in a header), in arrival order. Only the bytes are kept: the simulation's objects are dropped after encoding,
 * so 2,000 clients × 365 nights fit a default heap, and a phase times only what happens to the bytes.
 *
 * @param generationNanos how long simulating and encoding took
 */
public record BenchData(int clients, int nights, List<Input> inputs, long generationNanos) {
    /** Fixed, so that every run of the bench processes the same records. */
    public static final LocalDate LAST_NIGHT = LocalDate.of(2026, 6, 30);

    /** One encoded input record; {@code ingestedAt} is the simulated arrival. */
    public record Input(boolean sleep, String key, byte[] value, long timestamp, long ingestedAt, Header[] headers) {
        ProducerRecord<String, byte[]> producerRecord(String topic, Integer partition) {
            return new ProducerRecord<>(topic, partition, timestamp, key, value, List.of(headers));
        }
    }

    public static BenchData generate(int clients, int nights, long seed) {
        long started = System.nanoTime();
        Simulation simulation = CohortSimulator.simulate(SimulationConfig.builder(LAST_NIGHT)
                .clients(clients)
                .nights(nights)
                .seed(seed)
                .build());
        List<Input> inputs = new ArrayList<>(simulation.events().size());
        for (SimulatedEvent event : simulation) {
            long ingestedAt = event.arrival().toEpochMilli();
            ProducerRecord<String, byte[]> produced =
                    CanonicalRecords.INPUT_TOPICS.producerRecord(event.record(), ingestedAt, null);
            inputs.add(new Input(
                    event.isSleepRecord(),
                    produced.key(),
                    produced.value(),
                    produced.timestamp(),
                    ingestedAt,
                    produced.headers().toArray()));
        }
        return new BenchData(clients, nights, List.copyOf(inputs), System.nanoTime() - started);
    }

    public long sleepRecords() {
        return inputs.stream().filter(Input::sleep).count();
    }

    public long sessions() {
        return inputs.size() - sleepRecords();
    }

    public long bytes() {
        return inputs.stream().mapToLong(i -> i.value().length).sum();
    }

    /** The records that arrived before {@code cutoffMillis}: a history that a later tail continues. */
    public List<Input> arrivedBefore(long cutoffMillis) {
        return inputs.stream().filter(i -> i.ingestedAt() < cutoffMillis).toList();
    }

    public List<Input> arrivedFrom(long cutoffMillis) {
        return inputs.stream().filter(i -> i.ingestedAt() >= cutoffMillis).toList();
    }
}
