package org.sleepdelta.streams;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/**
 * Turns a {@code client-erasures} record into an {@link ErasureRequest} for the processor that holds the client's
 * state, or into a rejection naming the field. A request carries ids only, no health data, so its bytes may go to
 * the rejection topic; a malformed one must not stop the application.
 */
final class ErasureRequestDecoder implements Processor<String, byte[], String, Object> {
    /** {@link ErasureRequest#decode} names the field first: {@code "action: unknown value"}, {@code "clientId must …"}. */
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z]+)(?::| must )");

    private final String requestsChild;
    private final String rejectionsChild;
    private final RecordCounters counters;
    private ProcessorContext<String, Object> context;

    ErasureRequestDecoder(String requestsChild, String rejectionsChild, RecordCounters counters) {
        this.requestsChild = requestsChild;
        this.rejectionsChild = rejectionsChild;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ErasureRequest request;
        try {
            request = ErasureRequest.decode(record.value());
        } catch (IllegalArgumentException e) {
            Matcher field = FIELD.matcher(String.valueOf(e.getMessage()));
            reject(record, RejectionReason.INVALID, field.find() ? field.group(1) : null, e.getMessage());
            return;
        }
        // The key decides the partition, so a request under another key would be handled by a task without the
        // client's state, and would erase nothing there.
        if (!request.key().equals(record.key())) {
            reject(record, RejectionReason.WRONG_KEY, null, "record key must be clinicId/clientId of the request");
            return;
        }
        context.forward(record.withValue((Object) request), requestsChild);
    }

    private void reject(Record<String, byte[]> record, RejectionReason reason, String field, String detail) {
        Rejection rejection = Rejections.of(
                reason, field, "erasure request: " + detail, context.recordMetadata(), record.key(), record.value());
        counters.rejected(reason);
        counters.erasureRequest(RecordCounters.ErasureOutcome.REJECTED);
        context.forward(record.withValue((Object) rejection), rejectionsChild);
    }
}
