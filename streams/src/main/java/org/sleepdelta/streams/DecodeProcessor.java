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
import org.sleepdelta.schemas.crypto.PayloadDecryptor;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Turns raw input bytes into a contract-valid {@link ClientEvent}, or into a rejection that keeps the
 * original bytes. Encrypted values are opened first ({@link PayloadDecryptor}); what is kept for rejections is always
 * the original, encrypted value, so a rejection is shredded with its client. Decoding here rather than in a serde means a bad record never stops the application.
 */
final class DecodeProcessor<T> implements Processor<String, byte[], String, Object> {
    private final PayloadDecryptor decryptor;
    private final RecordCodec<T> codec;
    private final Function<T, CanonicalRecord> canonical;
    private final String eventsChild;
    private final String rejectionsChild;
    private final RecordCounters counters;
    private final RecordCounters.Input input;
    private ProcessorContext<String, Object> context;

    DecodeProcessor(
            PayloadDecryptor decryptor,
            RecordCodec<T> codec,
            Function<T, CanonicalRecord> canonical,
            String eventsChild,
            String rejectionsChild,
            RecordCounters counters,
            RecordCounters.Input input) {
        this.decryptor = decryptor;
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
        PayloadDecryptor.Opened opened = decryptor.open(record.key(), record.value());
        if (opened.outcome() == PayloadDecryptor.Outcome.NO_KEY) {
            // The client's data key was destroyed (erasure) or never existed: the record is shredded. Dropped and
            // counted, not rejected: a rejection would copy the ciphertext to rejected-records, where it would outlive
            // the erasure by that topic's retention for nothing, since no one can read it any more.
            counters.withoutKey();
            return;
        }
        if (opened.outcome() == PayloadDecryptor.Outcome.REFUSED) {
            // Altered, moved under another client's key, or a newer envelope: its (encrypted) bytes are kept, so the
            // rejection stays as unreadable as the input was.
            reject(record, undecodable(record, opened.detail()));
            return;
        }
        T value;
        try {
            value = codec.decode(opened.payload());
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
