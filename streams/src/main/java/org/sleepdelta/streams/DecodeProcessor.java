package org.sleepdelta.streams;

import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
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
    private final Function<T, List<Violation>> validator;
    private final Function<T, ClientKey> clientOf;
    private final EventFactory<T> toEvent;
    private final String eventsChild;
    private final String rejectionsChild;
    private final RecordCounters counters;
    private final RecordCounters.Input input;
    private ProcessorContext<String, Object> context;

    DecodeProcessor(
            RecordCodec<T> codec,
            Function<T, List<Violation>> validator,
            Function<T, ClientKey> clientOf,
            EventFactory<T> toEvent,
            String eventsChild,
            String rejectionsChild,
            RecordCounters counters,
            RecordCounters.Input input) {
        this.codec = codec;
        this.validator = validator;
        this.clientOf = clientOf;
        this.toEvent = toEvent;
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
            reject(
                    record,
                    Rejections.of(
                            RejectionReason.UNDECODABLE,
                            null,
                            e.getMessage(),
                            context.recordMetadata(),
                            record.key(),
                            record.value()));
            return;
        }
        List<Violation> violations = validator.apply(value);
        if (!violations.isEmpty()) {
            reject(record, Rejections.invalid(violations, context.recordMetadata(), record.key(), record.value()));
            return;
        }
        ClientKey client = clientOf.apply(value);
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
        context.forward(record.withValue((Object) toEvent.create(client, value, record.value())), eventsChild);
    }

    /** Wraps a decoded value, with the bytes it was decoded from. */
    @FunctionalInterface
    interface EventFactory<T> {
        ClientEvent create(ClientKey client, T value, byte[] payload);
    }

    private void reject(Record<String, byte[]> record, Rejection rejection) {
        counters.rejected(rejection.getReason());
        context.forward(record.withValue((Object) rejection), rejectionsChild);
    }
}
