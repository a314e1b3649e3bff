package org.sleepdelta.streams.app;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.sleepdelta.streams.TopologyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka Streams does when it cannot write an output record. A record too large for the broker or one that cannot
 * be serialised would fail again on every retry, so the stream thread would die on it again and again (a poison pill
 * on the output side): it is skipped, logged without its key or value (they may hold client data) and counted in
 * {@value TopologyMetrics#PRODUCTION_ERRORS}. Every other failure (an authorisation error, a broker outage beyond the
 * producer's retries) still fails the thread, as before: skipping it would lose records silently.
 */
public final class ProductionErrorHandler implements ProductionExceptionHandler {
    /** The config key under which the app passes its {@link TopologyMetrics}; absent, nothing is counted. */
    public static final String METRICS_CONFIG = "sleepdelta-production-error-handler.metrics";

    private static final Logger log = LoggerFactory.getLogger(ProductionErrorHandler.class);

    private Counter tooLarge;
    private Counter serialization;

    public ProductionErrorHandler() {
        configure(Map.of());
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object metrics = configs.get(METRICS_CONFIG);
        TopologyMetrics m = metrics instanceof TopologyMetrics t ? t : TopologyMetrics.none();
        tooLarge = m.productionErrors(TopologyMetrics.PRODUCTION_ERROR_TOO_LARGE);
        serialization = m.productionErrors(TopologyMetrics.PRODUCTION_ERROR_SERIALIZATION);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            skip(tooLarge, "too large for the broker", context, record, exception);
            return Response.resume();
        }
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        skip(serialization, "not serialisable (" + origin + ")", context, record, exception);
        return Response.resume();
    }

    private void skip(
            Counter counter, String why, ErrorHandlerContext context, ProducerRecord<?, ?> record, Exception e) {
        counter.increment();
        // Only where the record was going and what caused it: never its key, value or the exception's message,
        // which may quote them.
        log.warn(
                "skipped an output record {} to topic {} (task {}, input offset {}): {}",
                why,
                record == null ? null : record.topic(),
                context == null ? null : context.taskId(),
                context == null ? null : context.offset(),
                e.getClass().getName());
    }
}
