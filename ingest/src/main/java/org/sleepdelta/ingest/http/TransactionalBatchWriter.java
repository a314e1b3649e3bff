package org.sleepdelta.ingest.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.sleepdelta.ingest.kafka.PayloadEncryption;
import org.sleepdelta.schemas.crypto.ClientKeyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch all-or-nothing, as one Kafka transaction.
 *
 * <p>Why a transaction: with a plain idempotent producer, a failure after some records were acknowledged would leave
 * half a batch on the topics, and the client, told the batch failed, could not know which half. Here every record of
 * the batch is sent inside one transaction and made visible by one commit. On any failure the transaction is aborted:
 * the records already sent stay in the log, but marked aborted, and consumers with {@code isolation.level=
 * read_committed} never see them. The streams service reads its input with read_committed, whatever its processing
 * guarantee ({@code SleepChangeApp} sets it), so an aborted batch is never processed. A 202 is sent only after the
 * commit returned, i.e. after every record was acknowledged by all in-sync replicas (acks=all).
 *
 * <p>Every value is encrypted under its client's data key on the way ({@link PayloadEncryption}).
 */
final class TransactionalBatchWriter {
    private static final Logger log = LoggerFactory.getLogger(TransactionalBatchWriter.class);

    private final TransactionalProducers producers;
    private final Duration timeout;
    private final PayloadEncryption encryption;

    TransactionalBatchWriter(TransactionalProducers producers, Duration timeout, PayloadEncryption encryption) {
        this.producers = producers;
        this.timeout = timeout;
        this.encryption = encryption;
    }

    /**
     * Returns once every record is committed.
     *
     * @throws ApiException mapped by {@link KafkaFailures}; the transaction is then aborted (or its producer closed,
     *                      which aborts it on the broker)
     */
    void write(int slot, List<ProducerRecord<String, byte[]>> records) {
        Producer<String, byte[]> producer;
        try {
            producer = producers.get(slot);
        } catch (RuntimeException e) {
            throw failed(records.size(), e, "starting a transactional producer");
        }
        try {
            producer.beginTransaction();
            // A client's new data key is written in this same transaction, so it is visible exactly when its records
            // are, and reused by later batches only once this one committed.
            ClientKeyWriter.Transaction keys = encryption.writer().begin(producer);
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (ProducerRecord<String, byte[]> record : records) {
                Exception failure = sendFailure.get();
                if (failure != null) {
                    throw new KafkaException("a record of the batch was not acknowledged", failure);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("sending the batch took longer than " + timeout);
                }
                producer.send(encryption.sealer().seal(record, keys::keyFor), (metadata, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
            }
            // Flushes, and throws if any send of the transaction failed: then nothing is committed.
            producer.commitTransaction();
            keys.committed();
        } catch (RuntimeException e) {
            abort(slot, producer, e);
            throw failed(records.size(), e, "writing the batch");
        }
    }

    private void abort(int slot, Producer<String, byte[]> producer, RuntimeException cause) {
        if (KafkaFailures.producerIsBroken(cause)) {
            producers.discard(slot);
            return;
        }
        try {
            producer.abortTransaction(); // blocks at most max.block.ms
        } catch (RuntimeException e) {
            // E.g. the commit timed out (it may then not be aborted, only retried) or Kafka is away: closing the
            // producer leaves the transaction to the broker, which aborts it when this slot's next producer starts
            // with the same transactional.id, or after transaction.timeout.ms.
            producers.discard(slot);
        }
    }

    private ApiException failed(int records, RuntimeException e, String doing) {
        ApiError error = KafkaFailures.toApiError(e, timeout);
        if (error.status() >= 500) {
            log.error("{} failed for a batch of {} records: {}", doing, records, error.error(), e);
        } else {
            // Kafka's messages name topics and partitions, never record contents.
            log.warn("{} failed for a batch of {} records: {}", doing, records, e.toString());
        }
        return error.exception();
    }
}
