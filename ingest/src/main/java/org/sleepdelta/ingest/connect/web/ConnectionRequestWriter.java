package org.sleepdelta.ingest.connect.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.connections.ConnectionRequest;

/**
 * Writes {@link ConnectionRequest}s to {@code connection-requests}, sealed ({@link ConnectionRecords}), for the
 * connections' owners to apply. An idempotent producer (acks=all) is enough: each request is one record, and the
 * route answers only once it is acknowledged. The producer is made on first use, so the service starts while Kafka is
 * away.
 */
public final class ConnectionRequestWriter implements AutoCloseable {
    private final Map<String, Object> producerConfig;
    private final ConnectionRecords records;
    private final Duration timeout;
    private Producer<String, byte[]> producer; // guarded by this

    /** @param producerConfig bootstrap servers, acks=all and idempotence, security (kafka.*) */
    public ConnectionRequestWriter(Map<String, Object> producerConfig, ConnectionRecords records, Duration timeout) {
        this.producerConfig = Map.copyOf(producerConfig);
        this.records = records;
        this.timeout = timeout;
    }

    /**
     * Returns once the broker acknowledged the request.
     *
     * @throws KafkaUnavailable when it was not acknowledged within the timeout, or Kafka refused it
     */
    public void write(ConnectionRequest request) {
        try {
            producer().send(records.record(request)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted while writing a connection request", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            throw new KafkaUnavailable("writing a connection request failed", e);
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
