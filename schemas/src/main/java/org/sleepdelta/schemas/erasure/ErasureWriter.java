package org.sleepdelta.schemas.erasure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.connections.ConnectionRequest;

/**
 * Writes an erasure request as ONE Kafka transaction: the request on {@code client-erasures}, a tombstone on
 * {@code client-keys} for every live data key of the client, and the audit events {@link ErasureStage#REQUESTED} and
 * {@link ErasureStage#KEYS_DESTROYED}. A {@link ErasureAction#REREGISTER} writes the request and REQUESTED only.
 *
 * <p>Why one transaction: the audit trail must never claim keys were destroyed when they were not, and a request must
 * never be processed whose keys are still live (or the reverse). Either all of it is visible to read_committed readers
 * or none of it is.
 *
 * <p>With {@link #withConnectionRequests}, an ERASE also asks the owner of each of the client's possible vendor
 * connections to revoke and delete it ({@code connection-requests}), in the same transaction: an erased client is
 * never pulled again, and no connection outlives the erasure that committed.
 *
 * <p>The keys are listed before the transaction begins. A key written for the client after that listing is not
 * tombstoned; the streams side ignores the client's later records from the request on, so no later key should be
 * made for it.
 */
public final class ErasureWriter {
    /** What was committed. */
    public record Written(ErasureRequest request, int keysDestroyed, List<ErasureStage> stagesCompleted) {}

    private final ErasureTopics topics;
    private final Map<String, Object> consumerConfig;
    private final Duration timeout;
    private final Clock clock;
    private final String service;
    private final ConnectionRecords connectionRecords; // null: no connection requests

    /**
     * @param consumerConfig of the consumer that lists the client's keys (bootstrap, security); read_committed is
     *     forced ({@link ErasureConsumers#required})
     * @param timeout how long listing the keys may take
     * @param service who completes {@link ErasureStage#KEYS_DESTROYED}: {@code ingest} or {@code erase-command}
     */
    public ErasureWriter(
            ErasureTopics topics, Map<String, Object> consumerConfig, Duration timeout, Clock clock, String service) {
        this(topics, consumerConfig, timeout, clock, service, null);
    }

    private ErasureWriter(
            ErasureTopics topics,
            Map<String, Object> consumerConfig,
            Duration timeout,
            Clock clock,
            String service,
            ConnectionRecords connectionRecords) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.timeout = timeout;
        this.clock = clock;
        this.service = service;
        this.connectionRecords = connectionRecords;
    }

    /**
     * The same writer that, for an ERASE, also writes {@link ConnectionRequest#erase} for each of the client's
     * possible connections ({@link ConnectionKey#VENDORS}) to {@code connection-requests}, in the erasure's
     * transaction. The owner drops a request for a connection that does not exist.
     */
    public ErasureWriter withConnectionRequests(ConnectionRecords records) {
        return new ErasureWriter(
                topics, consumerConfig, timeout, clock, service, Objects.requireNonNull(records, "records"));
    }

    /**
     * Writes the request with {@code producer}, which must be transactional and initialised, and free: the whole
     * transaction runs here. On failure the transaction is aborted (when the producer still can) and the failure
     * rethrown; the caller decides whether the producer is still usable.
     */
    public Written write(Producer<String, byte[]> producer, ErasureRequest request) {
        Map<String, Integer> liveKeys = request.action() == ErasureAction.ERASE ? liveKeys(request) : Map.of();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topics.requests(), request.key(), request.encode()));
        // The tombstone goes to the partition its key lives in, whatever partitioner wrote it: compaction works
        // per partition.
        liveKeys.forEach(
                (key, partition) -> records.add(new ProducerRecord<>(topics.clientKeys(), partition, key, null)));
        if (request.action() == ErasureAction.ERASE && connectionRecords != null) {
            for (String vendor : ConnectionKey.VENDORS) {
                records.add(connectionRecords.record(
                        ConnectionRequest.erase(ConnectionKey.of(request.client(), vendor), request.requestedAt())));
            }
        }
        List<ErasureStage> stages = new ArrayList<>();
        records.add(audit(ErasureEvent.of(
                request, ErasureStage.REQUESTED, request.requestedAt(), request.requestedBy(), "request accepted")));
        stages.add(ErasureStage.REQUESTED);
        if (request.action() == ErasureAction.ERASE) {
            records.add(audit(ErasureEvent.of(
                    request, ErasureStage.KEYS_DESTROYED, clock.instant(), service, liveKeys.size() + " data keys")));
            stages.add(ErasureStage.KEYS_DESTROYED);
        }
        producer.beginTransaction();
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                // Not awaited one by one: the commit flushes and fails if any send failed.
                Future<RecordMetadata> unused = producer.send(record);
            }
            // Flushes, and throws if any send failed: then nothing is committed.
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
        return new Written(request, liveKeys.size(), List.copyOf(stages));
    }

    private ProducerRecord<String, byte[]> audit(ErasureEvent event) {
        return new ProducerRecord<>(topics.audit(), event.key(), event.encode());
    }

    private Map<String, Integer> liveKeys(ErasureRequest request) {
        try (Consumer<String, byte[]> consumer = ErasureConsumers.create(consumerConfig)) {
            return ClientKeysScan.liveKeys(consumer, topics.clientKeys(), request.client(), timeout);
        }
    }
}
