package org.sleepdelta.cli.run;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows when the streams application has processed everything written so far: its committed offsets (which,
 * under exactly-once, commit together with the outputs they caused) have reached the end of every input partition.
 */
public final class ProcessingWatch {
    private static final Duration POLL = Duration.ofMillis(200);

    private ProcessingWatch() {}

    /**
     * @param onProgress receives the number of input records processed so far
     * @return false if {@code timeout} passed first
     */
    public static boolean awaitProcessed(
            Admin admin, String groupId, List<String> inputTopics, Duration timeout, LongConsumer onProgress)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                Map<TopicPartition, Long> ends = endOffsets(admin, inputTopics);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                long processed = 0;
                boolean done = true;
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    long position = offset == null ? 0 : offset.offset();
                    processed += position;
                    done &= position >= end.getValue();
                }
                onProgress.accept(processed);
                if (done) {
                    return true;
                }
            } catch (ExecutionException e) {
                // the group may not exist until the first commit: keep waiting
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(request).all().get().entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }
}
