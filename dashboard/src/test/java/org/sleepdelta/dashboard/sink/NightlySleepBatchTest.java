package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.NightlySleep;

class NightlySleepBatchTest {
    private static final NightKey NIGHT = SleepData.nightKey("clinic-a", "c1", SleepData.FIRST_NIGHT);
    private static final NightKey NEXT = SleepData.nightKey("clinic-a", "c1", SleepData.FIRST_NIGHT.plusDays(1));

    private final NightlySleepBatch batch = new NightlySleepBatch();

    @Test
    void theLastWriteOfAKeyWinsAndEveryRecordCounts() {
        // given
        batch.add(new SinkRecord.Night(NIGHT, SleepData.night(NIGHT, 400)));
        batch.add(new SinkRecord.Night(NIGHT, SleepData.night(NIGHT, 420)));
        batch.add(new SinkRecord.Night(NEXT, SleepData.night(NEXT, 380)));
        batch.add(new SinkRecord.Night(NEXT, null));

        // when
        SleepChangeBatch.Tally tally = new SleepChangeBatch.Tally();
        batch.tally(tally);

        // then
        assertThat(batch.upserts())
                .extracting(NightlySleep::getTotalSleepMinutes)
                .containsExactly(420.0);
        assertThat(batch.deletes()).containsExactly(NEXT);
        assertThat(tally.upserts).isEqualTo(3);
        assertThat(tally.deletes).isEqualTo(1);
    }

    @Test
    void anUpsertAfterATombstoneReplacesTheDelete() {
        // given
        batch.add(new SinkRecord.Night(NIGHT, null));
        batch.add(new SinkRecord.Night(NIGHT, SleepData.night(NIGHT, 400)));

        // then
        assertThat(batch.deletes()).isEmpty();
        assertThat(batch.upserts()).hasSize(1);
    }
}
