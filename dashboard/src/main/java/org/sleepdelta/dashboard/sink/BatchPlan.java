package org.sleepdelta.dashboard.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Per partition, the first polled offset: where to read again if the transaction fails. */
    final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    int records;

    static BatchPlan of(ConsumerRecords<byte[], byte[]> polled, RecordReader reader) {
        BatchPlan plan = new BatchPlan();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            plan.add(record, reader.read(record));
        }
        return plan;
    }

    void add(ConsumerRecord<byte[], byte[]> consumed, SinkRecord record) {
        records++;
        TopicPartition partition = new TopicPartition(consumed.topic(), consumed.partition());
        firstOffsets.putIfAbsent(partition, consumed.offset());
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
