package org.sleepdelta.ingest.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.kafka.ProducerDefaults;

/**
 * One transactional producer per batch slot, each with its own {@code transactional.id} ({@code <prefix>-<slot>}),
 * since a producer runs one transaction at a time. Producers are created on first use, so the service starts while
 * Kafka is away, and replaced after a failure that leaves them unusable. Stable ids matter: a new producer with the
 * id of one that died mid-transaction aborts that transaction at once, instead of leaving read_committed readers
 * stuck behind it until it times out.
 *
 * <p>Each live producer's Kafka metrics ({@code kafka.producer.*}, tagged with its {@code client.id}, which is its
 * transactional id) are in the registry while it lives, and leave with it.
 */
final class TransactionalProducers implements AutoCloseable {
    /** Builds a producer from its configuration; tests wrap the real one. */
    interface Factory extends Function<Map<String, Object>, Producer<String, byte[]>> {}

    static final Factory KAFKA =
            config -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());

    private final String bootstrapServers;
    private final KafkaClientProperties kafka;
    private final String idPrefix;
    private final Duration timeout;
    private final Factory factory;
    private final AtomicReferenceArray<Producer<String, byte[]>> producers;
    private final AtomicReferenceArray<KafkaClientMetrics> producerMetrics;
    private final MeterRegistry registry;

    TransactionalProducers(
            String bootstrapServers,
            KafkaClientProperties kafka,
            String idPrefix,
            int slots,
            Duration timeout,
            Factory factory,
            MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.kafka = kafka;
        this.idPrefix = idPrefix;
        this.timeout = timeout;
        this.factory = factory;
        this.producers = new AtomicReferenceArray<>(slots);
        this.producerMetrics = new AtomicReferenceArray<>(slots);
        this.registry = registry;
    }

    /** The producer of this slot, ready for {@code beginTransaction}. Only the slot's holder may call this. */
    Producer<String, byte[]> get(int slot) {
        Producer<String, byte[]> producer = producers.get(slot);
        if (producer != null) {
            return producer;
        }
        producer = factory.apply(config(slot));
        try {
            producer.initTransactions(); // blocks at most max.block.ms
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        producers.set(slot, producer);
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        producerMetrics.set(slot, metrics);
        return producer;
    }

    /** Closes the slot's producer without waiting; the slot's next batch gets a new one. */
    void discard(int slot) {
        unbindMetrics(slot);
        Producer<String, byte[]> producer = producers.getAndSet(slot, null);
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    private void unbindMetrics(int slot) {
        KafkaClientMetrics metrics = producerMetrics.getAndSet(slot, null);
        if (metrics != null) {
            metrics.close(); // removes the producer's meters
        }
    }

    /**
     * The slot's producer configuration: our tuning (timeouts from producer-timeout), then the kafka.* pass-through,
     * then what exactly-once needs (acks, idempotence, the slot's transactional id), which nothing overrides.
     */
    Map<String, Object> config(int slot) {
        String id = idPrefix + "-" + slot;
        Map<String, Object> tuning = ProducerDefaults.tuning();
        // Fail fast, so a request ends in a 429 within about one timeout instead of hanging while Kafka is away:
        // max.block.ms bounds metadata waits, initTransactions, commit and abort; delivery.timeout.ms bounds a send.
        long ms = timeout.toMillis();
        tuning.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        tuning.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ms);
        tuning.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ms / 2, 250));
        // If we die mid-transaction, the broker aborts it after this long (sooner if this slot's id comes back).
        tuning.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(3 * ms, 10_000));
        Map<String, Object> required = ProducerDefaults.required(bootstrapServers, id);
        required.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        return kafka.clientConfig(KafkaClientProperties.Kind.PRODUCER, tuning, required);
    }

    @Override
    public void close() {
        for (int slot = 0; slot < producers.length(); slot++) {
            unbindMetrics(slot);
            Producer<String, byte[]> producer = producers.getAndSet(slot, null);
            if (producer != null) {
                producer.close(timeout);
            }
        }
    }
}
