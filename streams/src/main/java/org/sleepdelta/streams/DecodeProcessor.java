package org.sleepdelta.streams;

import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.codec.RecordCodec;
import org.sleepdelta.schemas.codec.RecordDecodingException;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Turns raw input bytes into a contract-valid {@link ClientEvent}, or into a rejection that keeps the
 * original bytes. Decoding here rather than in a serde means a bad record never stops the application.
 */
final class DecodeProcessor<T> implements Processor<String, byte[], String, Object> {
    private final RecordCodec<T> codec;
    private final Function<T, CanonicalRecord> canonical;
    private final String eventsChild;
    private final String rejectionsChild;
    private final RecordCounters counters;
    private final RecordCounters.Input input;
    private ProcessorContext<String, Object> context;

    DecodeProcessor(
            RecordCodec<T> codec,
            Function<T, CanonicalRecord> canonical,
            String eventsChild,
            String rejectionsChild,
            RecordCounters counters,
            RecordCounters.Input input) {
        this.codec = codec;
        this.canonical = canonical;
        this.eventsChild = eventsChild;
        this.rejectionsChild = rejectionsChild;
        this.counters = counters;
        this.input = input;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        counters.processed(input);
        T value;
        try {
            value = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            reject(record, undecodable(record, e.getMessage()));
            return;
        } catch (RuntimeException | Error e) {
            FatalFailures.rethrowIfFatal(e);
            reject(record, undecodable(record, "decoder failed: " + FatalFailures.describe(e)));
            return;
        }
        CanonicalRecord decoded;
        List<Violation> violations;
        try {
            decoded = canonical.apply(value);
            violations = decoded.contractViolations();
        } catch (RuntimeException | Error e) {
            FatalFailures.rethrowIfFatal(e);
            reject(
                    record,
                    Rejections.of(
                            RejectionReason.INVALID,
                            null,
                            "cannot be checked against the contract: " + FatalFailures.describe(e),
                            context.recordMetadata(),
                            record.key(),
                            record.value()));
            return;
        }
        if (!violations.isEmpty()) {
            reject(record, Rejections.invalid(violations, context.recordMetadata(), record.key(), record.value()));
            return;
        }
        ClientKey client = decoded.clientKey();
        // Clinic isolation: a record must sit under its own client's key, or it would be joined in the wrong place.
        if (!client.toString().equals(record.key())) {
            reject(
                    record,
                    Rejections.of(
                            RejectionReason.WRONG_KEY,
                            null,
                            "record key must be clinicId/clientId of the value",
                            context.recordMetadata(),
                            record.key(),
                            record.value()));
            return;
        }
        context.forward(record.withValue((Object) new ClientEvent(client, decoded, record.value())), eventsChild);
    }

    private Rejection undecodable(Record<String, byte[]> record, String detail) {
        return Rejections.of(
                RejectionReason.UNDECODABLE, null, detail, context.recordMetadata(), record.key(), record.value());
    }

    private void reject(Record<String, byte[]> record, Rejection rejection) {
        counters.rejected(rejection.getReason());
        context.forward(record.withValue((Object) rejection), rejectionsChild);
    }
}
