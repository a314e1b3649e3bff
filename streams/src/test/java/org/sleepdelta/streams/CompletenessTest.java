package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.TestData.key;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/**
 * {@code complete}: every post night has a main sleep, or the client's data clock (latest night of any received
 * non-deleted record) is more than 3 nights past the window's last night.
 *
 * <p>Given s1 on 2026-02-02 with post nights Feb 3 and Feb 4 only: NIGHT_0 (Feb 2) ends Feb 2, WEEK_1 ends Feb 8,
 * COURSE_WEEKS_3_4 ends Mar 1; none of them is complete yet.
 */
class CompletenessTest {
    static final LocalDate N0 = LocalDate.of(2026, 2, 2);

    private final TopologyHarness harness = new TopologyHarness();
    private SleepChangeMetric week1Before;

    @BeforeEach
    void givenASessionWithTwoPostNights() {
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        TestData.nights(N0.plusDays(1), 400, 410).forEach(harness::sleep);
        assertThat(harness.dashboardState().values())
                .extracting(SleepChangeMetric::getComplete)
                .containsOnly(false);
        week1Before = harness.dashboardState().get(key("s1", MetricWindow.WEEK_1));
    }

    @AfterEach
    void close() {
        assertThat(harness.rejections()).isEmpty();
        harness.close();
    }

    @Test
    void week1BecomesCompleteWhenTheDataClockPassesItsLastNightByMoreThanTheGrace() {
        // Feb 11 and Feb 12 lie in none of s1's windows
        harness.sleep(TestData.night(LocalDate.of(2026, 2, 11), 400).build());
        List<TestRecord<String, SleepChangeMetric>> atGrace = harness.newOutput();
        harness.sleep(TestData.night(LocalDate.of(2026, 2, 12), 400).build());
        List<TestRecord<String, SleepChangeMetric>> pastGrace = harness.newOutput();

        // Feb 11 is 9 nights past NIGHT_0's Feb 2 but exactly 3 past WEEK_1's Feb 8
        assertThat(atGrace).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.NIGHT_0));
        assertThat(atGrace.get(0).value().getComplete()).isTrue();
        assertThat(pastGrace).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        SleepChangeMetric week1 = pastGrace.get(0).value();
        assertThat(week1.getComplete()).isTrue();
        assertThat(week1.getRevision()).isEqualTo(week1Before.getRevision() + 1);
        assertThat(SleepChangeMetric.newBuilder(week1)
                        .setComplete(false)
                        .setRevision(week1Before.getRevision())
                        .build())
                .as("nothing but complete changed")
                .isEqualTo(week1Before);
    }

    @Test
    void night0WithoutItsNightBecomesCompleteFourNightsLater() {
        harness.sleep(TestData.night(N0.plusDays(3), 420).build()); // Feb 5: 3 past Feb 2
        List<TestRecord<String, SleepChangeMetric>> atGrace = harness.newOutput();
        harness.sleep(TestData.night(N0.plusDays(4), 430).build()); // Feb 6
        List<TestRecord<String, SleepChangeMetric>> pastGrace = harness.newOutput();

        assertThat(atGrace).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        assertThat(pastGrace)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(key("s1", MetricWindow.NIGHT_0), key("s1", MetricWindow.WEEK_1));
        SleepChangeMetric night0 = pastGrace.stream()
                .filter(r -> r.key().endsWith("NIGHT_0"))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(night0.getComplete()).isTrue();
        assertThat(MetricAssertions.stats(night0, "totalSleepMinutes").getPostN())
                .isZero();
    }

    @Test
    void week1IsCompleteAsSoonAsEveryPostNightHasAMainSleep() {
        TestData.nights(N0.plusDays(3), 420, 430, 440, 450).forEach(harness::sleep); // Feb 5..8
        assertThat(harness.dashboardState().get(key("s1", MetricWindow.WEEK_1)).getComplete())
                .as("Feb 2 still missing")
                .isFalse();

        harness.sleep(TestData.night(N0, 390).build());

        SleepChangeMetric week1 = harness.dashboardState().get(key("s1", MetricWindow.WEEK_1));
        assertThat(week1.getComplete())
                .as("all seven nights, though the clock is at Feb 8")
                .isTrue();
    }

    @Test
    void theCourseWindowBecomesCompleteFourNightsAfterWeek4() {
        harness.sleep(TestData.night(LocalDate.of(2026, 3, 4), 400).build());
        List<TestRecord<String, SleepChangeMetric>> atGrace = harness.newOutput();
        harness.sleep(TestData.night(LocalDate.of(2026, 3, 5), 400).build());
        List<TestRecord<String, SleepChangeMetric>> pastGrace = harness.newOutput();

        // Mar 4 completes WEEK_1 (ends Feb 8) and NIGHT_0; the course window ends Mar 1
        assertThat(atGrace)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(key("s1", MetricWindow.NIGHT_0), key("s1", MetricWindow.WEEK_1));
        assertThat(pastGrace).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(pastGrace.get(0).value().getComplete()).isTrue();
    }

    @Test
    void anyReceivedRecordMovesTheClockEvenANapOrALowerPrioritySource() {
        harness.sleep(TestData.inBed(TestData.BERLIN, LocalDate.of(2026, 2, 12), LocalTime.of(14, 0), 40, 30)
                .setMainSleep(false)
                .setSource(SleepSource.MANUAL)
                .build());

        assertThat(harness.newOutput())
                .extracting(r -> r.key() + " " + r.value().getComplete())
                .containsExactlyInAnyOrder(
                        key("s1", MetricWindow.NIGHT_0) + " true", key("s1", MetricWindow.WEEK_1) + " true");
    }

    @Test
    void theClockNeverMovesBackWhenTheRecordThatMovedItIsDeletedOrReScoredEarlier() {
        SleepRecord feb12 = TestData.night(LocalDate.of(2026, 2, 12), 400).build();
        harness.sleep(feb12);
        assertThat(harness.dashboardState().get(key("s1", MetricWindow.WEEK_1)).getComplete())
                .isTrue();
        harness.newOutput();

        harness.sleep(TestData.night(LocalDate.of(2026, 2, 9), 400)
                .setSourceRecordId(feb12.getSourceRecordId())
                .build());
        harness.sleep(TestData.deletionOf(feb12));

        assertThat(harness.newOutput())
                .as("Feb 9 and the deletion touch no window; the clock stays at Feb 12")
                .isEmpty();
        assertThat(harness.dashboardState().get(key("s1", MetricWindow.WEEK_1)).getComplete())
                .isTrue();
    }

    @Test
    void anotherClientsNightsDoNotMoveThisClientsClock() {
        harness.sleep(
                TestData.night(LocalDate.of(2026, 6, 1), 400).setClientId("c2").build());
        harness.sleep(TestData.night(LocalDate.of(2026, 6, 1), 400)
                .setClinicId("clinic-b")
                .build());

        assertThat(harness.newOutput()).isEmpty();
    }
}
