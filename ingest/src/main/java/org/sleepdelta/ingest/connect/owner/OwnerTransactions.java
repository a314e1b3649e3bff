package org.sleepdelta.ingest.connect.owner;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.ingest.kafka.PayloadEncryption;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.crypto.ClientKeyWriter;

/**
 * Every write of the owner, as one Kafka transaction: pulled records (sealed under their client's data key, a new key
 * written in the same transaction, as uploads are), the connection's new state, and the offset of the requests
 * consumed so far in that partition, sent with the consumer's group metadata. That last part is what makes an owner
 * that lost its partition unable to commit (KIP-447): its generation is stale, so its transaction fails and nothing of
 * it, records nor state, becomes visible.
 */
final class OwnerTransactions {
    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final PayloadEncryption encryption;
    private final ConnectionRecords codec;

    OwnerTransactions(
            Producer<String, byte[]> producer,
            Consumer<String, byte[]> consumer,
            PayloadEncryption encryption,
            ConnectionRecords codec) {
        this.producer = producer;
        this.consumer = consumer;
        this.encryption = encryption;
        this.codec = codec;
    }

    /**
     * Commits, or throws {@link OwnerLost} after aborting what it can.
     *
     * @param input          records for the input and rejection topics, unsealed
     * @param key            the connection written, or null when only the offset moves (a request for no connection)
     * @param state          the connection's new state, or null to delete it (a tombstone)
     * @param requestsOffset the offset of the next request of {@code partition} to apply
     */
    void commit(
            int partition,
            List<ProducerRecord<String, byte[]>> input,
            ConnectionKey key,
            Connection state,
            long requestsOffset) {
        try {
            producer.beginTransaction();
        } catch (RuntimeException e) {
            throw new OwnerLost("could not begin a transaction", e);
        }
        try {
            ClientKeyWriter.Transaction keys = encryption.writer().begin(producer);
            for (ProducerRecord<String, byte[]> record : input) {
                // Not awaited one by one: the commit flushes and fails if any send failed.
                Future<RecordMetadata> unused =
                        producer.send(encryption.sealer().seal(record, keys::keyFor));
            }
            if (key != null) {
                ProducerRecord<String, byte[]> written = state == null ? codec.tombstone(key) : codec.record(state);
                // Into the partition this owner holds, whatever the partitioner would pick.
                Future<RecordMetadata> unused =
                        producer.send(new ProducerRecord<>(written.topic(), partition, written.key(), written.value()));
            }
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(codec.requestsTopic(), partition), new OffsetAndMetadata(requestsOffset)),
                    consumer.groupMetadata());
            producer.commitTransaction();
            keys.committed();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw new OwnerLost("a transaction of partition " + partition + " did not commit", e);
        }
    }
}
