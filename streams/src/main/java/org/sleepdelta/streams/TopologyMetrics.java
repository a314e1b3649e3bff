package org.sleepdelta.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;

/**
 * Where the topology counts what it does. Every processor instance (one per task) takes its {@link RecordCounters}
 * once, when Kafka Streams creates it; per record it only increments. Meters with the same name and tags are one meter
 * in the registry, so the counts add up over tasks and threads.
 *
 * <table>
 * <tr><th>meter</th><th>tags</th><th>counts</th></tr>
 * <tr><td>{@value #PROCESSED}</td><td>{@code kind=sleep|session}</td><td>every record taken from an input topic,
 *     whatever became of it (so accepted = processed − rejected)</td></tr>
 * <tr><td>{@value #REJECTED}</td><td>{@code reason=UNDECODABLE|INVALID|TOO_LATE|IN_FUTURE|WRONG_KEY}</td><td>records
 *     sent to the rejection topic</td></tr>
 * <tr><td>{@value #EMITTED}</td><td>{@code window=NIGHT_0|WEEK_1|COURSE_WEEKS_3_4, type=update|tombstone}</td>
 *     <td>records written to the dashboard topic</td></tr>
 * <tr><td>{@value #PROCESSING_FAILURES}</td><td></td><td>decoded records whose processing failed; each was undone
 *     and became an {@code INVALID} rejection (also counted in {@value #REJECTED})</td></tr>
 * <tr><td>{@value #WITHOUT_KEY}</td><td></td><td>encrypted input records whose client data key no longer exists
 *     (the client was erased): dropped without a rejection, so their ciphertext is copied nowhere</td></tr>
 * <tr><td>{@value #PRODUCTION_ERRORS}</td><td>{@code reason=record_too_large|serialization}</td><td>output records
 *     skipped because the broker refused them as too large or they could not be serialised</td></tr>
 * <tr><td>{@value #ERASED_CLIENT_RECORDS}</td><td>{@code kind=sleep|session}</td><td>input records of erased clients,
 *     ignored: nothing of them is stored, emitted or rejected (also counted in {@value #PROCESSED})</td></tr>
 * <tr><td>{@value #ERASURE_REQUESTS}</td><td>{@code outcome=erased|reregistered|rejected}</td><td>requests taken
 *     from {@code client-erasures}; a rejected one is also counted in {@value #REJECTED}</td></tr>
 * <tr><td>{@value #SWEEP_EXAMINED}</td><td></td><td>store entries the retention sweep examined</td></tr>
 * <tr><td>{@value #SWEEP_DELETED}</td><td></td><td>expired nights, sessions, emitted windows and client clocks
 *     the retention sweep deleted (their index entries not counted)</td></tr>
 * <tr><td>{@value #SWEEP_PASSES}</td><td></td><td>passes of the retention sweep completed</td></tr>
 * </table>
 *
 * <p>Tags never name a client, clinic or session; every tag has a fixed, small set of values.
 */
public final class TopologyMetrics {
    public static final String PROCESSED = "sleepdelta.streams.records.processed";
    public static final String REJECTED = "sleepdelta.streams.records.rejected";
    public static final String EMITTED = "sleepdelta.streams.metrics.emitted";
    public static final String PROCESSING_FAILURES = "sleepdelta.streams.processing.failures";
    public static final String PRODUCTION_ERRORS = "sleepdelta.streams.production.errors";
    public static final String ERASED_CLIENT_RECORDS = "sleepdelta.streams.erased.client.records";
    public static final String ERASURE_REQUESTS = "sleepdelta.streams.erasure.requests";
    public static final String WITHOUT_KEY = "sleepdelta.streams.records.without.key";
    public static final String SWEEP_EXAMINED = "sleepdelta.streams.sweep.examined";
    public static final String SWEEP_DELETED = "sleepdelta.streams.sweep.deleted";
    public static final String SWEEP_PASSES = "sleepdelta.streams.sweep.passes";
    public static final String PRODUCTION_ERROR_TOO_LARGE = "record_too_large";
    public static final String PRODUCTION_ERROR_SERIALIZATION = "serialization";

    private final MeterRegistry registry;

    private TopologyMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Counting into this registry. */
    public static TopologyMetrics on(MeterRegistry registry) {
        return new TopologyMetrics(registry);
    }

    /** Counting nowhere: a composite registry without members, whose meters do nothing. */
    public static TopologyMetrics none() {
        return new TopologyMetrics(new CompositeMeterRegistry());
    }

    /** The count of skipped output records for one reason ({@link #PRODUCTION_ERROR_TOO_LARGE} or ...). */
    public Counter productionErrors(String reason) {
        return Counter.builder(PRODUCTION_ERRORS)
                .description("output records skipped: too large for the broker or not serialisable")
                .tag("reason", reason)
                .register(registry);
    }

    /** The counters of one processor instance; call it when the processor is created, never per record. */
    RecordCounters counters() {
        return new RecordCounters(registry);
    }
}
