package org.sleepdelta.ingest.importer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.kafka.CanonicalProducer;
import org.sleepdelta.ingest.kafka.Rejections;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Where imported records go: to Kafka (accepted records to the input topics, rejected rows to the rejection topic
 * with file, line and reason) or, for a dry run, to canonical JSON Lines on an output. Either way it counts.
 */
public final class ImportTarget implements AutoCloseable {
    private final CanonicalProducer producer;
    private final PrintWriter dryRunOut;
    private final PrintWriter problemsOut;
    private final ImportSummary summary = new ImportSummary();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback onAck = (metadata, exception) -> {
        if (exception != null) {
            sendFailure.compareAndSet(null, exception);
        }
    };

    private ImportTarget(CanonicalProducer producer, PrintWriter dryRunOut, PrintWriter problemsOut) {
        this.producer = producer;
        this.dryRunOut = dryRunOut;
        this.problemsOut = problemsOut;
    }

    public static ImportTarget kafka(CanonicalProducer producer, PrintWriter problemsOut) {
        return new ImportTarget(producer, null, problemsOut);
    }

    public static ImportTarget dryRun(PrintWriter canonicalOut, PrintWriter problemsOut) {
        return new ImportTarget(null, canonicalOut, problemsOut);
    }

    /** A sink for one file's records. */
    public <T> RecordSink<T> forFile(Path file) {
        String name = file.getFileName().toString();
        return new RecordSink<>() {
            @Override
            public void record(long line, T record) {
                accept(name + ":" + line, record);
            }

            @Override
            public void rejected(long line, String text, List<Violation> violations) {
                reject(name, line, text, violations, false);
            }
        };
    }

    /** A sink for one vendor payload file: adapter problems are rejected with their location in the payload. */
    public NormalisedSink forPayload(Path file) {
        String name = file.getFileName().toString();
        java.util.Set<String> rejectedLocations = new java.util.HashSet<>();
        return new NormalisedSink() {
            @Override
            public void record(SleepRecord record) {
                accept(name, record);
            }

            @Override
            public void problem(Problem problem) {
                reject(name, null, problem.location(),
                        List.of(Rejections.at(problem.location(), new Violation(problem.field(), problem.reason()))),
                        !rejectedLocations.add(problem.location()));
            }
        };
    }

    private void accept(String origin, Object record) {
        long now = System.currentTimeMillis();
        if (producer == null) {
            dryRunOut.println(CanonicalJson.line(record instanceof SleepRecord r ? CanonicalJson.toJson(r)
                    : CanonicalJson.toJson((MassageSession) record)));
        } else if (record instanceof SleepRecord r) {
            producer.send(r, now, origin, onAck);
        } else {
            producer.send((MassageSession) record, now, origin, onAck);
        }
        summary.accepted();
    }

    /** @param line the 1-based line, or null for a payload whose items are located by path instead */
    private void reject(String file, Long line, String text, List<Violation> violations, boolean sameRecordAgain) {
        String detail = Rejections.detail(violations);
        problemsOut.println(file + (line == null ? "" : ":" + line) + ": " + detail);
        if (sameRecordAgain) {
            violations.forEach(v -> summary.alsoRejectedFor(v.toString()));
        } else {
            summary.rejected(violations.stream().map(Violation::toString).toList());
        }
        if (producer != null) {
            producer.send(Rejections.of(RejectionReason.INVALID, violations, file, line, null,
                    text.getBytes(StandardCharsets.UTF_8), Instant.now()), null, onAck);
        }
    }

    public ImportSummary summary() {
        return summary;
    }

    /** Waits until Kafka acknowledged everything, and fails loudly if it did not. */
    @Override
    public void close() {
        if (producer != null) {
            producer.flush();
            if (sendFailure.get() != null) {
                throw new IllegalStateException("Kafka did not acknowledge every record: " + sendFailure.get().getMessage(),
                        sendFailure.get());
            }
        } else {
            dryRunOut.flush();
        }
        problemsOut.flush();
    }
}
