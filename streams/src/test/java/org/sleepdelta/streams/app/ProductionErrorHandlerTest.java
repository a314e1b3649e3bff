package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.junit.jupiter.api.Test;
import org.sleepdelta.streams.TopologyMetrics;

class ProductionErrorHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProductionErrorHandler handler = new ProductionErrorHandler();
    private final ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>("rejected-records", "clinic-a/c1".getBytes(), new byte[2_000_000]);

    ProductionErrorHandlerTest() {
        handler.configure(Map.of(ProductionErrorHandler.METRICS_CONFIG, TopologyMetrics.on(registry)));
    }

    private double count(String reason) {
        return registry.get("sleepdelta.streams.production.errors")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void countersExistAtZeroOnceConfigured() {
        assertThat(count("record_too_large")).isZero();
        assertThat(count("serialization")).isZero();
    }

    @Test
    void aRecordTooLargeForTheBrokerIsSkippedAndCounted() {
        var response = handler.handleError(null, record, new RecordTooLargeException("too big"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(count("record_too_large")).isEqualTo(1.0);
    }

    @Test
    void aRecordThatCannotBeSerialisedIsSkippedAndCounted() {
        var response = handler.handleSerializationError(
                null, record, new SerializationException("bad"), SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(count("serialization")).isEqualTo(1.0);
    }

    @Test
    void anyOtherProductionErrorStillFails() {
        assertThat(handler.handleError(null, record, new TimeoutException("broker gone"))
                        .result())
                .isEqualTo(Result.FAIL);
        assertThat(handler.handleError(null, record, new AuthorizationException("no ACL"))
                        .result())
                .isEqualTo(Result.FAIL);
        assertThat(count("record_too_large")).isZero();
        assertThat(count("serialization")).isZero();
    }
}
