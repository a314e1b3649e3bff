package org.sleepdelta.ingest.importer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.kafka.CanonicalProducer;
import org.sleepdelta.ingest.kafka.Rejections;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Where imported records go: to Kafka (accepted records to the input topics, rejected rows to the rejection topic
 * with file, line and reason) or, for a dry run, to canonical JSON Lines on an output. Either way it counts.
 *
 * <p>A valid record older than the retention ({@link RetentionWindow}, the rule of the HTTP API) does not go to an
 * input topic: it goes to the rejection topic as {@code TOO_LATE}, keyed like the record, with its file and line (or
 * its location in a vendor payload) and its canonical JSON, as the HTTP API writes it.
 */
public final class ImportTarget implements AutoCloseable {
    private final CanonicalProducer producer;
    private final PrintWriter dryRunOut;
    private final PrintWriter problemsOut;
    private final RetentionWindow retention;
    private final ImportSummary summary = new ImportSummary();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback onAck = (metadata, exception) -> {
        if (exception != null) {
            sendFailure.compareAndSet(null, exception);
        }
    };

    private ImportTarget(
            CanonicalProducer producer, PrintWriter dryRunOut, PrintWriter problemsOut, RetentionWindow retention) {
        this.producer = producer;
        this.dryRunOut = dryRunOut;
        this.problemsOut = problemsOut;
        this.retention = retention;
    }

    public static ImportTarget kafka(CanonicalProducer producer, PrintWriter problemsOut, RetentionWindow retention) {
        return new ImportTarget(producer, null, problemsOut, retention);
    }

    /** Prints what would be produced; records older than the retention are reported as they would be rejected. */
    public static ImportTarget dryRun(PrintWriter canonicalOut, PrintWriter problemsOut, RetentionWindow retention) {
        return new ImportTarget(null, canonicalOut, problemsOut, retention);
    }

    /** A sink for one file's records. */
    public RecordSink forFile(Path file) {
        String name = file.getFileName().toString();
        return new RecordSink() {
            @Override
            public void record(long line, CanonicalRecord record) {
                Optional<Violation> tooOld = retention.now().outside(record);
                if (tooOld.isPresent()) {
                    tooLate(name, line, tooOld.get(), record);
                } else {
                    accept(name + ":" + line, record);
                }
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
                record(null, record);
            }

            @Override
            public void record(String location, SleepRecord record) {
                CanonicalRecord canonical = CanonicalRecord.of(record);
                Optional<Violation> tooOld = retention.now().outside(canonical);
                if (tooOld.isPresent()) {
                    Violation why = location == null ? tooOld.get() : Rejections.at(location, tooOld.get());
                    tooLate(name, null, why, canonical);
                } else {
                    accept(name, canonical);
                }
            }

            @Override
            public void problem(Problem problem) {
                reject(
                        name,
                        null,
                        problem.location(),
                        List.of(Rejections.at(problem.location(), new Violation(problem.field(), problem.reason()))),
                        !rejectedLocations.add(problem.location()));
            }
        };
    }

    private void accept(String origin, CanonicalRecord record) {
        if (producer == null) {
            dryRunOut.println(CanonicalJson.line(record.toJson()));
        } else {
            producer.send(record, System.currentTimeMillis(), origin, onAck);
        }
        summary.accepted();
    }

    /** A valid record older than the retention: to the rejection topic as TOO_LATE, not to an input topic. */
    private void tooLate(String file, Long line, Violation why, CanonicalRecord record) {
        problemsOut.println(file + (line == null ? "" : ":" + line) + ": " + why);
        summary.rejected(List.of("older than the retention of " + retention.retentionDays() + " days (TOO_LATE)"));
        if (producer != null) {
            String key = record.clientKey().toString();
            String json = CanonicalJson.line(record.toJson());
            producer.send(
                    Rejections.of(
                            RejectionReason.TOO_LATE,
                            List.of(why),
                            file,
                            line,
                            key,
                            json.getBytes(StandardCharsets.UTF_8),
                            Instant.now()),
                    key,
                    onAck);
        }
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
            producer.send(
                    Rejections.of(
                            RejectionReason.INVALID,
                            violations,
                            file,
                            line,
                            null,
                            text.getBytes(StandardCharsets.UTF_8),
                            Instant.now()),
                    null,
                    onAck);
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
                throw new IllegalStateException(
                        "Kafka did not acknowledge every record: "
                                + sendFailure.get().getMessage(),
                        sendFailure.get());
            }
        } else {
            dryRunOut.flush();
        }
        problemsOut.flush();
    }
}
