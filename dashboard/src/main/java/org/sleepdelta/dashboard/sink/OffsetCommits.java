package org.sleepdelta.dashboard.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits Kafka offsets of batches whose transaction is committed, and nothing else. An offset commit that fails keeps
 * its offsets pending: they go with the next commit, or on revocation. Where the sink reads next is decided by the
 * offsets stored with the rows ({@link StoredOffsets}); these commits serve lag monitoring, and a database without
 * stored offsets yet.
 */
final class OffsetCommits implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);

    private final Consumer<?, ?> consumer;
    private final SinkState state;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

    OffsetCommits(Consumer<?, ?> consumer, SinkState state) {
        this.consumer = consumer;
        this.state = state;
    }

    /**
     * Commits exactly {@code offsets} (with any still pending), synchronously.
     *
     * @return whether the commit succeeded
     */
    boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        pending.putAll(offsets);
        return commitPending(pending.keySet());
    }

    private boolean commitPending(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = pending.get(partition);
            if (offset != null) {
                toCommit.put(partition, offset);
            }
        }
        if (toCommit.isEmpty()) {
            return true;
        }
        try {
            try {
                consumer.commitSync(toCommit);
            } catch (WakeupException wokenUp) {
                // close() woke the consumer to end a poll; the work is done, so commit it still (wakeup is one-shot).
                consumer.commitSync(toCommit);
            }
        } catch (KafkaException e) {
            log.warn(
                    "Offsets of {} partition(s) not committed ({}); the next commit carries them, or the records are"
                            + " applied again",
                    toCommit.size(),
                    e.toString());
            return false;
        }
        toCommit.keySet().forEach(pending::remove);
        state.lastCommitEpochSeconds = System.currentTimeMillis() / 1000.0;
        state.lastCommitNanos = System.nanoTime();
        return true;
    }

    /** Commits what is done for the partitions leaving. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        commitPending(partitions);
        partitions.forEach(pending::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        log.info("Sink assigned {} more partition(s)", partitions.size());
    }

    /** Lost, not revoked: another instance may own them already, so committing would be wrong. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }

    int pendingPartitions() {
        return pending.size();
    }
}
