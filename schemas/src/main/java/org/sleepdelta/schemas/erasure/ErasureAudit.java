package org.sleepdelta.schemas.erasure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The erasure audit trail as read so far ({@code erasure-audit}, read_committed), caught up to the topic's end on every
 * question, so that a status reflects every stage committed before it was asked. One consumer, kept between questions:
 * the trail only grows, so each question reads only what arrived since the last. Thread-safe.
 */
public final class ErasureAudit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ErasureAudit.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final Duration timeout;
    private final Map<String, List<ErasureEvent>> byErasure = new HashMap<>();
    private Consumer<String, byte[]> consumer;
    private boolean closed;

    /** A reader of {@code topic}; {@code consumerConfig} gives bootstrap and security, read_committed is forced. */
    public ErasureAudit(String topic, Map<String, Object> consumerConfig, Duration timeout) {
        this.topic = topic;
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.timeout = timeout;
    }

    /**
     * Where an erasure stands, after reading the trail to its end.
     *
     * @param clinicId the asking clinic, or null for any (the operator's command)
     * @return empty for an unknown erasure id, or one of another clinic
     * @throws org.apache.kafka.common.errors.TimeoutException when the trail cannot be read in time
     */
    public synchronized Optional<ErasureStatus> status(String erasureId, String clinicId) {
        catchUp();
        return ErasureStatus.of(erasureId, clinicId, byErasure.getOrDefault(erasureId, List.of()));
    }

    private void catchUp() {
        if (closed) {
            throw new IllegalStateException("the audit reader is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (consumer == null) {
                // Created on first use, so that a service starts while Kafka is away.
                consumer = ErasureConsumers.create(consumerConfig);
                List<TopicPartition> partitions = ErasureConsumers.partitions(consumer, topic, timeout);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
            while (!ErasureConsumers.reached(consumer, ends, timeout)) {
                ErasureConsumers.checkDeadline(deadline, topic, timeout);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    add(record);
                }
            }
        } catch (RuntimeException e) {
            // A consumer in an unknown state is started afresh on the next question (and reads the trail again).
            discardConsumer();
            byErasure.clear();
            throw e;
        }
    }

    private void add(ConsumerRecord<String, byte[]> record) {
        try {
            ErasureEvent event = ErasureEvent.decode(record.value());
            byErasure
                    .computeIfAbsent(event.erasureId(), id -> new ArrayList<>())
                    .add(event);
        } catch (IllegalArgumentException e) {
            // The message names the field only; the event carries no client data either way.
            log.warn(
                    "skipping an unreadable audit event at {}-{}@{}: {}",
                    topic,
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    private void discardConsumer() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        discardConsumer();
    }
}
