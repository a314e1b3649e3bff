package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** The nightly-sleep output: each touched client-night's main sleep as it now stands, or a tombstone. */
class NightlyOutputTest {
    private static final LocalDate NIGHT = LocalDate.of(2026, 3, 2);
    private static final String KEY = "clinic-a/c1/2026-03-02";

    @Test
    void aNightCarriesItsMainSleepNotTheNapAndCountsEveryRecord() {
        try (TopologyHarness harness = new TopologyHarness()) {
            // given a main sleep of 420 min (8 h in bed from 23:00) and a nap at 14:00 the same day: noon to noon,
            // both belong to the night of 2 March
            harness.sleep(TestData.night(NIGHT, 420).build());
            harness.sleep(TestData.inBed(TestData.BERLIN, NIGHT, LocalTime.of(14, 0), 60, 45)
                    .setMainSleep(false)
                    .build());

            NightlySleep night = harness.nightlyState().get(KEY);

            assertThat(night.getTotalSleepMinutes()).isEqualTo(420.0);
            // 100 * 420 / 480 minutes in bed
            assertThat(night.getSleepEfficiencyPct()).isEqualTo(87.5);
            assertThat(night.getRecordsThatNight()).isEqualTo(2);
            assertThat(night.getNight()).isEqualTo(NIGHT);
        }
    }

    @Test
    void aHigherPrioritySourceTakesTheNightOver() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.sleep(TestData.night(NIGHT, 400)
                    .setSource(SleepSource.FITBIT)
                    .setSourceRecordId("f1")
                    .build());
            harness.sleep(TestData.night(NIGHT, 430)
                    .setSource(SleepSource.OURA)
                    .setSourceRecordId("o1")
                    .build());

            assertThat(harness.nightlyState().get(KEY).getSource()).isEqualTo(SleepSource.OURA);
            assertThat(harness.nightlyState().get(KEY).getTotalSleepMinutes()).isEqualTo(430.0);
        }
    }

    @Test
    void deletingTheLastRecordOfANightLeavesATombstone() {
        try (TopologyHarness harness = new TopologyHarness()) {
            SleepRecord only = TestData.night(NIGHT, 400).build();
            harness.sleep(only);
            assertThat(harness.nightlyState()).containsKey(KEY);

            harness.sleep(SleepRecord.newBuilder(only).setDeleted(true).build());

            assertThat(harness.nightlyState()).doesNotContainKey(KEY);
        }
    }
}
