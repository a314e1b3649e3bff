package org.sleepdelta.streams.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.schemas.Topics;

/**
 * The application's input topics on the suite's shared broker, which hold the inputs of every test that ran before.
 * A new application id starts at the earliest offsets, so it would first process all of them: work that grows with
 * the suite and that no test asserts anything about (each test reads back only its own clinic's keys).
 */
public final class SharedInputs {
    private static final List<String> INPUT_TOPICS =
            List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS, Topics.CLIENT_ERASURES);

    private SharedInputs() {}

    /**
     * Commits the not yet started application's offsets at the current end of every input partition, as
     * {@code kafka-consumer-groups --reset-offsets --to-latest} would, so it begins with the records sent after this.
     */
    public static void skipEarlierTestsRecords(Admin admin, String applicationId) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic :
                admin.describeTopics(INPUT_TOPICS).allTopicNames().get().values()) {
            topic.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end :
                admin.listOffsets(latest).all().get().entrySet()) {
            ends.put(end.getKey(), new OffsetAndMetadata(end.getValue().offset()));
        }
        admin.alterConsumerGroupOffsets(applicationId, ends).all().get();
    }
}
