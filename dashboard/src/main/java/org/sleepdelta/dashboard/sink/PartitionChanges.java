package org.sleepdelta.dashboard.sink;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * What the sink does when the group moves partitions; called inside {@code poll()} on the sink's thread, so it does no
 * database work: Kafka offsets of finished batches are committed for partitions leaving, and new partitions wait for
 * their stored offsets ({@link StoredOffsets}).
 */
final class PartitionChanges implements ConsumerRebalanceListener {
    private final OffsetCommits commits;
    private final StoredOffsets stored;

    PartitionChanges(OffsetCommits commits, StoredOffsets stored) {
        this.commits = commits;
        this.stored = stored;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        commits.onPartitionsRevoked(partitions);
        stored.released(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        commits.onPartitionsAssigned(partitions);
        stored.assigned(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        commits.onPartitionsLost(partitions);
        stored.released(partitions);
    }
}
