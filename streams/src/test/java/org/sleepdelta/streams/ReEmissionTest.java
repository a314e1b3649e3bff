package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.MetricAssertions.assertStats;
import static org.sleepdelta.streams.TestData.key;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Pressure;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.streams.MetricAssertions.Expected;

/**
 * Keys are re-emitted, with the next revision, exactly when something they show changes.
 *
 * <p>Given: s1 on 2026-02-02 (baseline Jan 19..Feb 1, WEEK_1 Feb 2..8, COURSE post Feb 16..Mar 1) and s2 on
 * 2026-04-06, 63 nights later so it opens its own course (baseline Mar 23..Apr 5, WEEK_1 Apr 6..12, COURSE post
 * Apr 20..May 3). Nights (TST): Jan 28..Feb 1 = 400, 410, 420, 430, 440; Feb 3 = 460, Feb 4 = 470, Feb 6 = 480;
 * Mar 30..Apr 3 = 420 each; and Jun 30 = 400, which sets the client's data clock far past every window so that
 * all of them are already complete and only statistics can change.
 */
class ReEmissionTest {
    static final LocalDate S1 = LocalDate.of(2026, 2, 2);
    static final LocalDate S2 = LocalDate.of(2026, 4, 6);
    static final double TST_SD = Math.sqrt(250);

    private final TopologyHarness harness = new TopologyHarness();
    private final MassageSession s1 =
            TestData.session("s1", S1, LocalTime.of(10, 0)).build();
    private final MassageSession s2 =
            TestData.session("s2", S2, LocalTime.of(10, 0)).build();
    private final SleepRecord feb3 =
            TestData.night(LocalDate.of(2026, 2, 3), 460).build();
    private final SleepRecord jan30 =
            TestData.night(LocalDate.of(2026, 1, 30), 420).build();

    @BeforeEach
    void givenTwoCoursesAndTheirNights() {
        TestData.nights(LocalDate.of(2026, 1, 28), 400, 410).forEach(harness::sleep);
        harness.sleep(jan30);
        TestData.nights(LocalDate.of(2026, 1, 31), 430, 440).forEach(harness::sleep);
        harness.sleep(feb3);
        harness.sleep(TestData.night(LocalDate.of(2026, 2, 4), 470).build());
        harness.sleep(TestData.night(LocalDate.of(2026, 2, 6), 480).build());
        TestData.nights(LocalDate.of(2026, 3, 30), 420, 420, 420, 420, 420).forEach(harness::sleep);
        harness.sleep(TestData.night(LocalDate.of(2026, 6, 30), 400).build());
        harness.session(s1).session(s2);
        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();
        assertThat(dashboard).hasSize(6);
        assertThat(dashboard.values()).allSatisfy(m -> {
            assertThat(m.getRevision()).isEqualTo(1);
            assertThat(m.getComplete()).isTrue();
        });
    }

    @AfterEach
    void close() {
        assertThat(harness.rejections()).isEmpty();
        harness.close();
    }

    static Stream<Arguments> lateNights() {
        return Stream.of(
                Arguments.of(LocalDate.of(2026, 2, 5), List.of("s1/WEEK_1")),
                Arguments.of(LocalDate.of(2026, 2, 2), List.of("s1/NIGHT_0", "s1/WEEK_1")),
                Arguments.of(LocalDate.of(2026, 1, 20), List.of("s1/NIGHT_0", "s1/WEEK_1", "s1/COURSE_WEEKS_3_4")),
                Arguments.of(LocalDate.of(2026, 2, 20), List.of("s1/COURSE_WEEKS_3_4")),
                Arguments.of(LocalDate.of(2026, 3, 25), List.of("s2/NIGHT_0", "s2/WEEK_1", "s2/COURSE_WEEKS_3_4")),
                Arguments.of(LocalDate.of(2026, 4, 25), List.of("s2/COURSE_WEEKS_3_4")),
                // between s1's course and s2's baseline, but in s2's reference nights (Feb 23..Mar 22)
                Arguments.of(LocalDate.of(2026, 3, 10), List.of("s2/NIGHT_0", "s2/WEEK_1", "s2/COURSE_WEEKS_3_4")),
                Arguments.of(LocalDate.of(2026, 4, 15), List.of())); // between s2's week 1 and its weeks 3-4
    }

    @ParameterizedTest(name = "night {0} re-emits {1}")
    @MethodSource("lateNights")
    void aLateNightReEmitsExactlyTheWindowsThatReadIt(LocalDate night, List<String> expected) {
        harness.sleep(TestData.night(night, 300).build());

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();

        assertThat(out)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(k -> "clinic-a/c1/" + k).toList());
        assertThat(out).allSatisfy(r -> assertThat(r.value().getRevision()).isEqualTo(2));
    }

    @Test
    void aLatePostNightChangesThePostStatisticsOfItsWindow() {
        harness.sleep(TestData.night(LocalDate.of(2026, 2, 5), 430).build());

        SleepChangeMetric week1 = harness.newOutput().get(0).value();

        // post nights 460, 470, 430, 480: mean 460
        assertStats(
                week1,
                "totalSleepMinutes",
                new Expected(5, 4, 420.0, TST_SD, 460.0, 40.0, 100 * 40.0 / 420, 40 / TST_SD, true));
    }

    @Test
    void reSendingAnIdenticalSleepRecordEmitsNothing() {
        harness.sleep(feb3);

        assertThat(harness.newOutput()).isEmpty();
    }

    @Test
    void reSendingAnIdenticalSessionEmitsNothing() {
        harness.session(s1).session(s2);

        assertThat(harness.newOutput()).isEmpty();
    }

    @Test
    void aReScoredRecordReplacesItsEarlierVersion() {
        harness.sleep(SleepRecord.newBuilder(feb3).setTotalSleepMinutes(400.0).build());

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();

        assertThat(out).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        SleepChangeMetric week1 = out.get(0).value();
        assertThat(week1.getRevision()).isEqualTo(2);
        // post nights 400 (not 460), 470, 480: mean 450
        assertStats(
                week1,
                "totalSleepMinutes",
                new Expected(5, 3, 420.0, TST_SD, 450.0, 30.0, 100 * 30.0 / 420, 30 / TST_SD, true));
    }

    @Test
    void aRecordReScoredOntoAnotherNightLeavesTheOldNight() {
        SleepRecord movedToFeb5 = TestData.night(LocalDate.of(2026, 2, 5), 420)
                .setSourceRecordId(jan30.getSourceRecordId())
                .build();

        harness.sleep(movedToFeb5);

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());
        assertThat(out)
                .containsOnlyKeys(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        key("s1", MetricWindow.COURSE_WEEKS_3_4));
        // baseline without Jan 30: 400, 410, 430, 440 -> 4 nights, too few for an effect; mean 420,
        // deviations -20, -10, 10, 20 -> squares sum 1000 -> SD sqrt(1000/3)
        double sd = Math.sqrt(1000.0 / 3);
        SleepChangeMetric week1 = out.get(key("s1", MetricWindow.WEEK_1));
        // post nights 460, 470, 420 (moved in), 480: mean 457.5
        assertStats(week1, "totalSleepMinutes", Expected.noEffect(4, 4, 420.0, sd, 457.5));
        assertStats(
                out.get(key("s1", MetricWindow.NIGHT_0)),
                "totalSleepMinutes",
                Expected.noEffect(4, 0, 420.0, sd, null));
        assertThat(out.values()).allSatisfy(m -> assertThat(m.getRevision()).isEqualTo(2));
    }

    @Test
    void aDeletionRemovesTheNightFromEveryWindowThatReadIt() {
        harness.sleep(TestData.deletionOf(jan30));

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());

        assertThat(out)
                .containsOnlyKeys(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        key("s1", MetricWindow.COURSE_WEEKS_3_4));
        assertStats(
                out.get(key("s1", MetricWindow.WEEK_1)),
                "totalSleepMinutes",
                Expected.noEffect(4, 3, 420.0, Math.sqrt(1000.0 / 3), 470.0));
    }

    @Test
    void deletingAPostNightCanTakeAWindowBelowItsMinimumPostNights() {
        harness.sleep(TestData.deletionOf(feb3));

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();

        assertThat(out).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        // 470, 480 left: two post nights, WEEK_1 needs three
        assertStats(out.get(0).value(), "totalSleepMinutes", Expected.noEffect(5, 2, 420.0, TST_SD, 475.0));
    }

    @Test
    void deletingARecordThatWasNeverReceivedEmitsNothing() {
        harness.sleep(TestData.deletionOf(TestData.night(LocalDate.of(2026, 2, 3), 1)
                .setSourceRecordId("unknown")
                .build()));

        assertThat(harness.newOutput()).isEmpty();
    }

    @Test
    void aNapDoesNotChangeTheNightsMainSleep() {
        // 14:00 on Feb 4 minus 12 h is Feb 4: the nap belongs to the night whose main sleep is 470
        harness.sleep(TestData.inBed(TestData.BERLIN, LocalDate.of(2026, 2, 4), LocalTime.of(14, 0), 60, 50)
                .setMainSleep(false)
                .build());

        assertThat(harness.newOutput()).isEmpty();
    }

    @Test
    void aFlaggedMainSleepWinsOverALongerUnflaggedDaySleep() {
        // a short night of 120 minutes asleep on Feb 5, then a 300-minute day sleep the vendor did not flag as main
        harness.sleep(TestData.inBed(TestData.BERLIN, LocalDate.of(2026, 2, 5), LocalTime.of(23, 0), 150, 120)
                .build());
        SleepChangeMetric before = harness.newOutput().get(0).value();
        harness.sleep(TestData.inBed(TestData.BERLIN, LocalDate.of(2026, 2, 6), LocalTime.of(11, 0), 360, 300)
                .setMainSleep(false)
                .build());

        // 11:00 on Feb 6 minus 12 h is 23:00 on Feb 5: the day sleep competes for night Feb 5, and loses
        assertThat(harness.newOutput()).isEmpty();
        // post nights 460, 470, 120, 480: mean 382.5
        assertStats(
                before,
                "totalSleepMinutes",
                new Expected(5, 4, 420.0, TST_SD, 382.5, -37.5, 100 * -37.5 / 420, -37.5 / TST_SD, false));
    }

    @Test
    void aHigherPrioritySourceArrivingLaterTakesOverTheNight() {
        LocalDate feb5 = LocalDate.of(2026, 2, 5);
        harness.sleep(fromSource(SleepSource.FITBIT, feb5, 300));
        SleepChangeMetric fitbit = single(harness.newOutput());
        SleepRecord oura = fromSource(SleepSource.OURA, feb5, 440);
        harness.sleep(oura);
        SleepChangeMetric ouraWins = single(harness.newOutput());
        harness.sleep(fromSource(SleepSource.MANUAL, feb5, 480));
        List<TestRecord<String, SleepChangeMetric>> afterManual = harness.newOutput();
        harness.sleep(TestData.deletionOf(oura));
        SleepChangeMetric backToFitbit = single(harness.newOutput());

        // post nights 460, 470, 480 plus Feb 5: FITBIT 300 -> mean 427.5; OURA 440 -> mean 462.5
        assertThat(fitbit.getRevision()).isEqualTo(2);
        assertThat(stat(fitbit)).isEqualTo(427.5);
        assertThat(ouraWins.getRevision()).isEqualTo(3);
        assertThat(stat(ouraWins)).isEqualTo(462.5);
        assertThat(afterManual).as("a lower-priority source changes nothing").isEmpty();
        assertThat(backToFitbit.getRevision()).isEqualTo(4);
        assertThat(stat(backToFitbit)).isEqualTo(427.5);
    }

    @Test
    void aSessionEditTheDashboardDoesNotShowEmitsNothing() {
        harness.session(MassageSession.newBuilder(s1)
                .setTherapistId("t-7")
                .setPressure(Pressure.FIRM)
                .build());

        assertThat(harness.newOutput()).isEmpty();
    }

    @Test
    void aModalityChangeReEmitsEveryWindowThatShowsIt() {
        harness.session(
                MassageSession.newBuilder(s1).setModality(Modality.DEEP_TISSUE).build());

        Map<String, SleepChangeMetric> out = TopologyHarness.byKey(harness.newOutput());

        assertThat(out)
                .containsOnlyKeys(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        key("s1", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(out.values()).allSatisfy(m -> {
            assertThat(m.getModality()).isEqualTo(Modality.DEEP_TISSUE);
            assertThat(m.getRevision()).isEqualTo(2);
        });
    }

    @Test
    void eachReEmissionOfAKeyTakesTheNextRevision() {
        for (double total : new double[] {300, 310, 320}) {
            harness.sleep(TestData.night(LocalDate.of(2026, 2, 2), total).build());
        }
        harness.sleep(TestData.night(LocalDate.of(2026, 2, 2), 320).build()); // unchanged: no revision

        List<TestRecord<String, SleepChangeMetric>> night0 = harness.newOutput().stream()
                .filter(r -> r.key().equals(key("s1", MetricWindow.NIGHT_0)))
                .toList();

        assertThat(night0).extracting(r -> r.value().getRevision()).containsExactly(2L, 3L, 4L);
        assertThat(night0).extracting(r -> stat(r.value())).containsExactly(300.0, 310.0, 320.0);
    }

    private static SleepRecord fromSource(SleepSource source, LocalDate night, double total) {
        return TestData.night(night, total)
                .setSource(source)
                .setSourceRecordId(source.name().toLowerCase(Locale.ROOT) + "-" + night)
                .build();
    }

    private static double stat(SleepChangeMetric metric) {
        return MetricAssertions.stats(metric, "totalSleepMinutes").getPostMean();
    }

    private static SleepChangeMetric single(List<TestRecord<String, SleepChangeMetric>> out) {
        assertThat(out).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        return out.get(0).value();
    }
}
