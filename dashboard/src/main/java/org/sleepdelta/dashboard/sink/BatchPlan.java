package org.sleepdelta.dashboard.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll asks of the database, and the offsets to commit once it is done: every polled record is either in
 * one of the tables' changes or a rejection, so that nothing is skipped.
 */
final class BatchPlan {
    final SleepChangeBatch sleepChanges = new SleepChangeBatch();
    final NightlySleepBatch nights = new NightlySleepBatch();
    final List<SinkRejection> rejections = new ArrayList<>();
    /** Per partition, the offset after the last polled record: exactly what is committed after the transaction. */
    final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();

    int records;

    static BatchPlan of(ConsumerRecords<byte[], byte[]> polled, RecordReader reader) {
        return of(polled, reader, Set.of());
    }

    /** The plan of the records (polled, or part of a poll, in offset order) outside {@code leftOut} (partitions another writer has moved on). */
    static BatchPlan of(
            Iterable<ConsumerRecord<byte[], byte[]>> polled, RecordReader reader, Set<TopicPartition> leftOut) {
        BatchPlan plan = new BatchPlan();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            if (!leftOut.contains(new TopicPartition(record.topic(), record.partition()))) {
                plan.add(record, reader.read(record));
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
        } else if (record instanceof SinkRecord.Rejected rejected) {
            rejections.add(rejected.rejection());
        }
    }
}
