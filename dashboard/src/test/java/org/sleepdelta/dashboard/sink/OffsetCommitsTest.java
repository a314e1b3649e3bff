package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

class OffsetCommitsTest {
    private static final TopicPartition P0 = new TopicPartition("metrics", 0);
    private static final TopicPartition P1 = new TopicPartition("metrics", 1);

    /** A consumer whose next commits fail, as during a rebalance. */
    private static final class FlakyConsumer extends MockConsumer<byte[], byte[]> {
        int failingCommits;

        FlakyConsumer() {
            super(AutoOffsetResetStrategy.EARLIEST.name());
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (failingCommits > 0) {
                failingCommits--;
                throw new RebalanceInProgressException("rebalancing");
            }
            super.commitSync(offsets);
        }
    }

    private final FlakyConsumer consumer = new FlakyConsumer();
    private final SinkState state = new SinkState();
    private final OffsetCommits commits = new OffsetCommits(consumer, state);

    @Test
    void commitsExactlyTheGivenOffsetsAndTheTime() {
        // given
        consumer.assign(List.of(P0, P1));
        double before = System.currentTimeMillis() / 1000.0;

        // when
        boolean committed = commits.commit(Map.of(P0, new OffsetAndMetadata(5)));

        // then
        assertThat(committed).isTrue();
        assertThat(consumer.committed(Set.of(P0, P1)))
                .containsEntry(P0, new OffsetAndMetadata(5))
                .doesNotContainKey(P1);
        assertThat(state.lastCommitEpochSeconds).isBetween(before, System.currentTimeMillis() / 1000.0);
    }

    @Test
    void offsetsOfAFailedCommitGoWithTheNextOne() {
        // given
        consumer.assign(List.of(P0, P1));
        consumer.failingCommits = 1;

        // when
        boolean first = commits.commit(Map.of(P0, new OffsetAndMetadata(5)));
        boolean second = commits.commit(Map.of(P1, new OffsetAndMetadata(9)));

        // then
        assertThat(first).isFalse();
        assertThat(second).isTrue();
        assertThat(consumer.committed(Set.of(P0, P1)))
                .containsEntry(P0, new OffsetAndMetadata(5))
                .containsEntry(P1, new OffsetAndMetadata(9));
        assertThat(commits.pendingPartitions()).isZero();
    }

    @Test
    void whatIsDoneIsCommittedWhenItsPartitionIsRevoked() {
        // given: the offsets of a written batch could not be committed
        consumer.assign(List.of(P0, P1));
        consumer.failingCommits = 1;
        commits.commit(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(9)));
        assertThat(state.lastCommitEpochSeconds).isZero();

        // when
        commits.onPartitionsRevoked(List.of(P0));

        // then
        assertThat(consumer.committed(Set.of(P0, P1)))
                .containsEntry(P0, new OffsetAndMetadata(5))
                .doesNotContainKey(P1);
        assertThat(commits.pendingPartitions()).isEqualTo(1);
        assertThat(state.lastCommitEpochSeconds).isPositive();
    }

    @Test
    void lostPartitionsAreNotCommitted() {
        // given
        consumer.assign(List.of(P0));
        consumer.failingCommits = 1;
        commits.commit(Map.of(P0, new OffsetAndMetadata(5)));

        // when
        commits.onPartitionsLost(List.of(P0));
        commits.commit(Map.of());

        // then
        assertThat(consumer.committed(Set.of(P0))).doesNotContainKey(P0);
        assertThat(commits.pendingPartitions()).isZero();
    }
}
