package org.sleepdelta.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.RejectionReason;

/**
 * One processor's handles on the {@link TopologyMetrics} counters, all looked up when the processor is created, so
 * that a record costs an increment and no registry lookup. Every counter exists from the start (at 0), so a rate of
 * rejections is 0 rather than absent until the first one.
 */
final class RecordCounters {
    /** The input topic a record came from, as the {@code kind} tag names it. */
    enum Input {
        SLEEP("sleep"),
        SESSION("session");

        final String tag;

        Input(String tag) {
            this.tag = tag;
        }
    }

    /** What became of a request on {@code client-erasures}, as the {@code outcome} tag names it. */
    enum ErasureOutcome {
        ERASED("erased"),
        REREGISTERED("reregistered"),
        REJECTED("rejected");

        final String tag;

        ErasureOutcome(String tag) {
            this.tag = tag;
        }
    }

    private final Map<Input, Counter> processed = new EnumMap<>(Input.class);
    private final Map<Input, Counter> erasedClientRecords = new EnumMap<>(Input.class);
    private final Map<ErasureOutcome, Counter> erasureRequests = new EnumMap<>(ErasureOutcome.class);
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<MetricWindow, Counter> updates = new EnumMap<>(MetricWindow.class);
    private final Map<MetricWindow, Counter> tombstones = new EnumMap<>(MetricWindow.class);
    private final Counter processingFailures;
    private final Counter withoutKey;
    private final Counter sweepExamined;
    private final Counter sweepDeleted;
    private final Counter sweepPasses;

    RecordCounters(MeterRegistry registry) {
        for (Input input : Input.values()) {
            processed.put(
                    input,
                    Counter.builder(TopologyMetrics.PROCESSED)
                            .tag("kind", input.tag)
                            .description("Records taken from an input topic, whatever became of them")
                            .register(registry));
            erasedClientRecords.put(
                    input,
                    Counter.builder(TopologyMetrics.ERASED_CLIENT_RECORDS)
                            .tag("kind", input.tag)
                            .description("Input records of erased clients, ignored (also counted as processed)")
                            .register(registry));
        }
        for (ErasureOutcome outcome : ErasureOutcome.values()) {
            erasureRequests.put(
                    outcome,
                    Counter.builder(TopologyMetrics.ERASURE_REQUESTS)
                            .tag("outcome", outcome.tag)
                            .description("Requests taken from the client-erasures topic, by what became of them")
                            .register(registry));
        }
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(
                    reason,
                    Counter.builder(TopologyMetrics.REJECTED)
                            .tag("reason", reason.name())
                            .description("Input records sent to the rejection topic")
                            .register(registry));
        }
        processingFailures = Counter.builder(TopologyMetrics.PROCESSING_FAILURES)
                .description("Decoded records whose processing failed; each is also an INVALID rejection")
                .register(registry);
        withoutKey = Counter.builder(TopologyMetrics.WITHOUT_KEY)
                .description("Encrypted input records whose client data key no longer exists (erased); dropped")
                .register(registry);
        sweepExamined = Counter.builder(TopologyMetrics.SWEEP_EXAMINED)
                .description("Store entries the retention sweep examined")
                .register(registry);
        sweepDeleted = Counter.builder(TopologyMetrics.SWEEP_DELETED)
                .description("Expired nights, sessions, emitted windows and client clocks the retention sweep deleted")
                .register(registry);
        sweepPasses = Counter.builder(TopologyMetrics.SWEEP_PASSES)
                .description("Passes of the retention sweep completed")
                .register(registry);
        for (MetricWindow window : MetricWindow.values()) {
            updates.put(window, emitted(registry, window, "update"));
            tombstones.put(window, emitted(registry, window, "tombstone"));
        }
    }

    private static Counter emitted(MeterRegistry registry, MetricWindow window, String type) {
        return Counter.builder(TopologyMetrics.EMITTED)
                .tag("window", window.name())
                .tag("type", type)
                .description("Records written to the dashboard topic")
                .register(registry);
    }

    void processed(Input input) {
        processed.get(input).increment();
    }

    /** A record of an erased client, ignored; it was also counted by {@link #processed}. */
    void erasedClientRecord(Input input) {
        erasedClientRecords.get(input).increment();
    }

    void erasureRequest(ErasureOutcome outcome) {
        erasureRequests.get(outcome).increment();
    }

    /** A decoded record failed half-way; its {@code INVALID} rejection is counted by {@link #rejected} too. */
    void processingFailed() {
        processingFailures.increment();
    }

    /** An encrypted record whose data key is gone: shredded, so neither processed nor rejected. */
    void withoutKey() {
        withoutKey.increment();
    }

    void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    /**
     * One dashboard record.
     *
     * @param key    its key, {@code clinicId/clientId/sessionId/WINDOW}: only the window is read from it
     * @param metric its value, null for a tombstone
     */
    void emitted(String key, Object metric) {
        MetricWindow window = MetricWindow.valueOf(key.substring(key.lastIndexOf('/') + 1));
        (metric == null ? tombstones : updates).get(window).increment();
    }

    /** One slice of the retention sweep examined this many store entries. */
    void sweepExamined(int entries) {
        sweepExamined.increment(entries);
    }

    void sweepDeleted(int entries) {
        sweepDeleted.increment(entries);
    }

    void sweepPassCompleted() {
        sweepPasses.increment();
    }
}
