package org.sleepdelta.dashboard.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/**
 * What one poll asks of the database, and the offsets to commit once it is done: every polled record is either in
 * one of the tables' changes or a rejection, so that nothing is skipped.
 */
final class BatchPlan {
    final SleepChangeBatch sleepChanges = new SleepChangeBatch();
    final NightlySleepBatch nights = new NightlySleepBatch();
    final List<SinkRejection> rejections = new ArrayList<>();
    /** Requests of {@code client-erasures}, in offset order. */
    final List<ErasureRequest> erasures = new ArrayList<>();
    /** Per partition, the offset after the last polled record: exactly what is committed after the transaction. */
    final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();

    int records;
    /** Records of {@code client-erasures} that could not be read (for their metric). */
    int refusedErasureRequests;

    static BatchPlan of(ConsumerRecords<byte[], byte[]> polled, RecordReader reader) {
        return of(polled, reader, Set.of());
    }

    /** The plan of the records (polled, or part of a poll, in offset order) outside {@code leftOut} (partitions another writer has moved on). */
    static BatchPlan of(
            Iterable<ConsumerRecord<byte[], byte[]>> polled, RecordReader reader, Set<TopicPartition> leftOut) {
        BatchPlan plan = new BatchPlan();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            if (!leftOut.contains(new TopicPartition(record.topic(), record.partition()))) {
                SinkRecord read = reader.read(record);
                if (read instanceof SinkRecord.Rejected && reader.readsErasures(record.topic())) {
                    plan.refusedErasureRequests++;
                }
                plan.add(record, read);
            }
        }
        return plan;
    }

    boolean isEmpty() {
        return records == 0;
    }

    /** {@link #nextOffsets} as plain numbers, for {@code sink_offsets}. */
    Map<TopicPartition, Long> offsetsAfter() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(partition, offset.offset()));
        return offsets;
    }

    void add(ConsumerRecord<byte[], byte[]> consumed, SinkRecord record) {
        records++;
        TopicPartition partition = new TopicPartition(consumed.topic(), consumed.partition());
        nextOffsets.put(partition, new OffsetAndMetadata(consumed.offset() + 1));
        if (record instanceof SinkRecord.SleepChange change) {
            sleepChanges.add(change);
        } else if (record instanceof SinkRecord.Night night) {
            nights.add(night);
        } else if (record instanceof SinkRecord.Erasure erasure) {
            erasures.add(erasure.request());
        } else if (record instanceof SinkRecord.Rejected rejected) {
            rejections.add(rejected.rejection());
        }
    }

    /** The clients whose rows or rejections this plan writes. */
    Set<ClientKey> clients() {
        Set<ClientKey> clients = new HashSet<>(sleepChanges.clients());
        clients.addAll(nights.clients());
        for (SinkRejection rejection : rejections) {
            clients.addAll(rejection.clients());
        }
        return clients;
    }

    /**
     * Leaves out the rows and rejections of {@code erased} clients: they are not written, and their offsets are still
     * stored and committed, as for any record applied.
     *
     * @return how many records were left out
     */
    int leaveOut(Set<ClientKey> erased) {
        if (erased.isEmpty()) {
            return 0;
        }
        int left = sleepChanges.leaveOut(erased) + nights.leaveOut(erased);
        int before = rejections.size();
        rejections.removeIf(rejection -> rejection.clients().stream().anyMatch(erased::contains));
        return left + before - rejections.size();
    }
}
