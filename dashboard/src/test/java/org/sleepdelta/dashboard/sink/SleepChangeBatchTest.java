package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.schemas.MetricKey;

class SleepChangeBatchTest {
    private static final MetricKey KEY = SleepData.key("clinic-a", "c1", "s1", MetricWindow.WEEK_1);
    private static final MetricKey OTHER = SleepData.key("clinic-a", "c1", "s1", MetricWindow.NIGHT_0);

    private final SleepChangeBatch batch = new SleepChangeBatch();

    @Test
    void theHighestRevisionOfAKeyIsTheOneUpsertAndTheOthersFollowItsFate() {
        // given
        batch.add(upsert(KEY, 1, 1000));
        batch.add(upsert(KEY, 2, 2000));
        batch.add(upsert(OTHER, 7, 3000));

        // when
        SleepChangeBatch.Tally tally = new SleepChangeBatch.Tally();
        assertThat(batch.upserts())
                .extracting(upsert -> upsert.value().getRevision())
                .containsExactly(2L, 7L);
        batch.tally(new boolean[] {true, false}, tally);

        // then
        assertThat(batch.deletes()).isEmpty();
        assertThat(tally.upserts).isEqualTo(2);
        assertThat(tally.stale).isEqualTo(1);
        assertThat(tally.latencies).containsExactly(1000L, 2000L);
    }

    @Test
    void anOlderOrEqualRevisionAfterANewerOneInTheSameBatchIsStale() {
        // given
        batch.add(upsert(KEY, 5, 1));
        batch.add(upsert(KEY, 3, 2));
        batch.add(upsert(KEY, 5, 3));

        // when
        SleepChangeBatch.Tally tally = new SleepChangeBatch.Tally();
        batch.tally(new boolean[] {true}, tally);

        // then
        assertThat(batch.upserts())
                .extracting(upsert -> upsert.value().getRevision())
                .containsExactly(5L);
        assertThat(tally.upserts).isEqualTo(1);
        assertThat(tally.stale).isEqualTo(2);
        assertThat(tally.latencies).containsExactly(1L);
    }

    @Test
    void aTombstoneDeletesFirstAndAnUpsertAfterItIsInsertedWhateverItsRevision() {
        // given
        batch.add(upsert(KEY, 8, 1));
        batch.add(new SinkRecord.SleepChange(KEY, null, 2));
        batch.add(upsert(KEY, 3, 3));

        // when
        SleepChangeBatch.Tally tally = new SleepChangeBatch.Tally();
        batch.tally(new boolean[] {true}, tally);

        // then
        assertThat(batch.deletes()).containsExactly(KEY);
        assertThat(batch.upserts()).singleElement().satisfies(upsert -> {
            assertThat(upsert.value().getRevision()).isEqualTo(3L);
            assertThat(upsert.afterDelete()).isTrue();
        });
        assertThat(tally.deletes).isEqualTo(1);
        assertThat(tally.upserts).isEqualTo(2);
        assertThat(tally.stale).isZero();
        assertThat(tally.latencies).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void anUpsertFollowedByATombstoneOnlyDeletes() {
        // given
        batch.add(upsert(KEY, 4, 1));
        batch.add(new SinkRecord.SleepChange(KEY, null, -1));

        // when
        SleepChangeBatch.Tally tally = new SleepChangeBatch.Tally();
        batch.tally(new boolean[0], tally);

        // then
        assertThat(batch.deletes()).containsExactly(KEY);
        assertThat(batch.upserts()).isEmpty();
        assertThat(tally.deletes).isEqualTo(1);
        assertThat(tally.upserts).isEqualTo(1);
    }

    private static SinkRecord.SleepChange upsert(MetricKey key, long revision, long ingestedAt) {
        return new SinkRecord.SleepChange(key, SleepData.metric(key, revision, (int) revision), ingestedAt);
    }
}
