package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sleepdelta.metric.Fixtures.CLIENT;
import static org.sleepdelta.metric.Fixtures.CLINIC;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.nightInBed;
import static org.sleepdelta.metric.Fixtures.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.schemas.MetricKey;

/** The whole definition over a small, hand-computed history of one client in Berlin, June 2024. */
class BatchComputationTest {
    private static final double SQRT_250 = Math.sqrt(250);

    private static MetricKey key(String sessionId, MetricWindow window) {
        return new MetricKey(CLINIC, CLIENT, sessionId, window);
    }

    /** Expected statistics of one metric: doubles compared to 1e-9, nulls exactly. */
    private static void assertStats(
            MetricStats actual,
            int baselineN,
            int postN,
            Double baselineMean,
            Double baselineSd,
            Double postMean,
            Double delta,
            Double pctChange,
            Double z,
            Boolean meetsThreshold) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(actual.getBaselineN()).as("baselineN").isEqualTo(baselineN);
        softly.assertThat(actual.getPostN()).as("postN").isEqualTo(postN);
        closeOrNull(softly, "baselineMean", actual.getBaselineMean(), baselineMean);
        closeOrNull(softly, "baselineSd", actual.getBaselineSd(), baselineSd);
        closeOrNull(softly, "postMean", actual.getPostMean(), postMean);
        closeOrNull(softly, "delta", actual.getDelta(), delta);
        closeOrNull(softly, "pctChange", actual.getPctChange(), pctChange);
        closeOrNull(softly, "z", actual.getZ(), z);
        softly.assertThat(actual.getMeetsThreshold()).as("meetsThreshold").isEqualTo(meetsThreshold);
        // meaningful = meets the threshold and the interval lies on the improving side (checked in StatsTest)
        softly.assertThat(actual.getMeaningfulImprovement())
                .as("meaningfulImprovement")
                .isEqualTo(
                        meetsThreshold == null
                                ? null
                                : meetsThreshold && Boolean.TRUE.equals(actual.getReliableImprovement()));
        softly.assertAll();
    }

    private static void closeOrNull(SoftAssertions softly, String field, Double actual, Double expected) {
        if (expected == null) {
            softly.assertThat(actual).as(field).isNull();
        } else {
            softly.assertThat(actual).as(field).isNotNull().isCloseTo(expected, within(1e-9));
        }
    }

    private static final MetricStats EMPTY =
            MetricStats.newBuilder().setBaselineN(0).setPostN(0).build();

    /** The metrics no record in the scenario carries stay empty. */
    private static void assertOnlyTotalSleepAndEfficiencyHaveValues(SleepChangeMetric m) {
        assertThat(List.of(
                        m.getMetrics().getSleepLatencyMinutes(),
                        m.getMetrics().getWasoMinutes(),
                        m.getMetrics().getAwakenings(),
                        m.getMetrics().getDeepMinutes(),
                        m.getMetrics().getRemMinutes(),
                        m.getMetrics().getRestingHeartRateBpm(),
                        m.getMetrics().getHrvRmssdMs()))
                .allSatisfy(s -> assertThat(s).isEqualTo(EMPTY));
    }

    /**
     * Sessions: s0 on 3 June, completed then cancelled; s1, s2, s3 weekly from 10 June (10:00-11:00), a no-show on
     * 1 July. Main sleeps (OURA, flagged, 23:00-07:00, 480 min in bed), total sleep per night:
     * 5-9 June 400, 410, 420, 430, 440 (9 June first sent as 300, then revised);
     * 10-12 June 450, 460, 470; 24-28 June 480, 470, 460, 450, 440.
     * Noise that must not count: a flagged 470 on 6 June later deleted, a FITBIT 480 and an OURA nap on 9 June,
     * an invalid record on 11 June, and another client's record on 10 June with the same source and id.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WeeklyCourse {
        private Map<MetricKey, SleepChangeMetric> out;

        @BeforeAll
        void compute() {
            List<SleepRecord> sleep = new ArrayList<>();
            sleep.add(nightInBed("2024-06-05").totalSleep(400).record());
            sleep.add(nightInBed("2024-06-06").totalSleep(410).record());
            Fixtures.SleepBuilder duplicate = nightInBed("2024-06-06")
                    .id("oura-dup")
                    .from("2024-06-06T22:00")
                    .totalSleep(470);
            sleep.add(duplicate.record());
            sleep.add(nightInBed("2024-06-07").totalSleep(420).record());
            sleep.add(nightInBed("2024-06-08").totalSleep(430).record());
            sleep.add(nightInBed("2024-06-09").totalSleep(300).record());
            sleep.add(nightInBed("2024-06-09")
                    .source(SleepSource.FITBIT)
                    .id("fitbit-0609")
                    .totalSleep(480)
                    .record());
            sleep.add(nightInBed("2024-06-09")
                    .id("oura-nap-0609")
                    .from("2024-06-09T15:00")
                    .inBedFor(Duration.ofMinutes(40))
                    .timeInBed(40.0)
                    .totalSleep(30)
                    .mainSleep(false)
                    .record());
            sleep.add(duplicate.deletion());
            sleep.add(nightInBed("2024-06-09").totalSleep(440).record()); // the revision replaces 300
            double[] post = {450, 460, 470};
            for (int i = 0; i < post.length; i++) {
                sleep.add(nightInBed(date("2024-06-10").plusDays(i).toString())
                        .totalSleep(post[i])
                        .record());
            }
            sleep.add(nightInBed("2024-06-11")
                    .id("oura-broken")
                    .totalSleep(999)
                    .inBedFor(Duration.ofMinutes(-10))
                    .timeInBed(null)
                    .record()); // ends before it starts
            sleep.add(
                    nightInBed("2024-06-10").client("client-2").totalSleep(100).record());
            double[] course = {480, 470, 460, 450, 440};
            for (int i = 0; i < course.length; i++) {
                sleep.add(nightInBed(date("2024-06-24").plusDays(i).toString())
                        .totalSleep(course[i])
                        .record());
            }

            List<MassageSession> sessions = List.of(
                    session("s0").at("2024-06-03T10:00").event(),
                    session("s1").at("2024-06-10T10:00").event(),
                    session("s2")
                            .at("2024-06-17T10:00")
                            .modality(Modality.SHIATSU)
                            .event(),
                    session("s3").at("2024-06-24T10:00").event(),
                    session("s4")
                            .at("2024-07-01T10:00")
                            .status(SessionStatus.NO_SHOW)
                            .event(),
                    session("s0")
                            .at("2024-06-03T10:00")
                            .status(SessionStatus.CANCELLED)
                            .event());

            out = BatchComputation.compute(sleep, sessions, MetricSettings.defaults());
        }

        @Test
        void onlyCompletedSessionsHaveKeysAndTheCourseIsOpenedByTheFirstCompletedOne() {
            assertThat(out.keySet())
                    .containsExactlyInAnyOrder(
                            key("s1", MetricWindow.NIGHT_0),
                            key("s1", MetricWindow.WEEK_1),
                            key("s1", MetricWindow.COURSE_WEEKS_3_4),
                            key("s2", MetricWindow.NIGHT_0),
                            key("s2", MetricWindow.WEEK_1),
                            key("s3", MetricWindow.NIGHT_0),
                            key("s3", MetricWindow.WEEK_1));
        }

        @Test
        void night0OfTheFirstSessionComparesOneNightWithTheRevisedBaseline() {
            SleepChangeMetric m = out.get(key("s1", MetricWindow.NIGHT_0));
            assertThat(m.getClinicId()).isEqualTo(CLINIC);
            assertThat(m.getClientId()).isEqualTo(CLIENT);
            assertThat(m.getSessionId()).isEqualTo("s1");
            assertThat(m.getWindow()).isEqualTo(MetricWindow.NIGHT_0);
            assertThat(m.getModality()).isEqualTo(Modality.SWEDISH);
            assertThat(m.getFirstNight()).isEqualTo(date("2024-06-10"));
            assertThat(m.getWindowStart()).isEqualTo(date("2024-06-10"));
            assertThat(m.getWindowEnd()).isEqualTo(date("2024-06-10"));
            assertThat(m.getBaselineStart()).isEqualTo(date("2024-05-27"));
            assertThat(m.getBaselineEnd()).isEqualTo(date("2024-06-09"));
            assertThat(m.getSessionsInWindow()).isNull();
            assertThat(m.getRevision()).isZero();
            assertThat(m.getComplete()).isTrue();
            // total sleep: baseline 400..440 mean 420, SD sqrt(1000/4); post 450
            assertStats(
                    m.getMetrics().getTotalSleepMinutes(),
                    5,
                    1,
                    420.0,
                    SQRT_250,
                    450.0,
                    30.0,
                    100.0 * 30 / 420,
                    30 / SQRT_250,
                    true);
            // efficiency = TST / 480 * 100: baseline mean 87.5, SD sqrt(250) * 100 / 480; post 93.75
            assertStats(
                    m.getMetrics().getSleepEfficiencyPct(),
                    5,
                    1,
                    87.5,
                    SQRT_250 * 100 / 480,
                    93.75,
                    6.25,
                    100.0 * 6.25 / 87.5,
                    6.25 / (SQRT_250 * 100 / 480),
                    false);
            assertOnlyTotalSleepAndEfficiencyHaveValues(m);
        }

        @Test
        void week1OfTheFirstSessionAveragesItsThreeRecordedNightsAndIsCompleteByGrace() {
            SleepChangeMetric m = out.get(key("s1", MetricWindow.WEEK_1));
            assertThat(m.getWindowStart()).isEqualTo(date("2024-06-10"));
            assertThat(m.getWindowEnd()).isEqualTo(date("2024-06-16"));
            // 13-16 June are missing, but the data clock (28 June) is 12 days past the window
            assertThat(m.getComplete()).isTrue();
            // post (450 + 460 + 470) / 3 = 460; delta 40
            assertStats(
                    m.getMetrics().getTotalSleepMinutes(),
                    5,
                    3,
                    420.0,
                    SQRT_250,
                    460.0,
                    40.0,
                    100.0 * 40 / 420,
                    40 / SQRT_250,
                    true);
            // efficiency post mean 100 * 460 / 480 = 95.8333; delta 8.3333 < 10
            assertStats(
                    m.getMetrics().getSleepEfficiencyPct(),
                    5,
                    3,
                    87.5,
                    SQRT_250 * 100 / 480,
                    100.0 * 460 / 480,
                    100.0 * 40 / 480,
                    100.0 * (100.0 * 40 / 480) / 87.5,
                    40 / SQRT_250,
                    false);
        }

        @Test
        void courseOfThreeWeeklySessionsIsKeyedByItsFirstAndComparesWeeksThreeAndFour() {
            SleepChangeMetric m = out.get(key("s1", MetricWindow.COURSE_WEEKS_3_4));
            assertThat(m.getModality()).isEqualTo(Modality.SWEDISH);
            assertThat(m.getFirstNight()).isEqualTo(date("2024-06-10"));
            assertThat(m.getWindowStart()).isEqualTo(date("2024-06-24"));
            assertThat(m.getWindowEnd()).isEqualTo(date("2024-07-07"));
            assertThat(m.getBaselineStart()).isEqualTo(date("2024-05-27"));
            assertThat(m.getBaselineEnd()).isEqualTo(date("2024-06-09"));
            // s1, s2, s3 have N0 10, 17, 24 June, all in [10 Jun, 7 Jul]
            assertThat(m.getSessionsInWindow()).isEqualTo(3);
            // 5 of 14 nights and the data clock (28 June) is before the window's end
            assertThat(m.getComplete()).isFalse();
            // post (480 + 470 + 460 + 450 + 440) / 5 = 460
            assertStats(
                    m.getMetrics().getTotalSleepMinutes(),
                    5,
                    5,
                    420.0,
                    SQRT_250,
                    460.0,
                    40.0,
                    100.0 * 40 / 420,
                    40 / SQRT_250,
                    true);
        }

        @Test
        void night0WithoutItsNightHasNoPostMeanButIsCompleteOnceTheDataMovedOn() {
            SleepChangeMetric m = out.get(key("s2", MetricWindow.NIGHT_0));
            assertThat(m.getModality()).isEqualTo(Modality.SHIATSU);
            assertThat(m.getBaselineStart()).isEqualTo(date("2024-06-03"));
            assertThat(m.getBaselineEnd()).isEqualTo(date("2024-06-16"));
            // baseline 5-12 June: 400..470 by 10, mean 435; squares 2 * (35² + 25² + 15² + 5²) = 4200; / 7 = 600
            assertStats(
                    m.getMetrics().getTotalSleepMinutes(), 8, 0, 435.0, Math.sqrt(600), null, null, null, null, null);
            assertThat(m.getComplete()).isTrue(); // 28 June is 11 days after 17 June
            assertThat(out.get(key("s2", MetricWindow.WEEK_1)).getComplete()).isTrue(); // 5 days after 23 June
        }

        @Test
        void theThirdSessionsBaselineIsTooShortForAnEffect() {
            SleepChangeMetric night0 = out.get(key("s3", MetricWindow.NIGHT_0));
            // baseline 10-23 June holds 450, 460, 470: mean 460, SD sqrt(200 / 2) = 10; post night 480
            assertStats(night0.getMetrics().getTotalSleepMinutes(), 3, 1, 460.0, 10.0, 480.0, null, null, null, null);
            assertThat(night0.getComplete()).isTrue();

            SleepChangeMetric week1 = out.get(key("s3", MetricWindow.WEEK_1));
            assertStats(week1.getMetrics().getTotalSleepMinutes(), 3, 5, 460.0, 10.0, 460.0, null, null, null, null);
            // 29 and 30 June missing and the data clock stops at 28 June
            assertThat(week1.getComplete()).isFalse();
        }
    }

    @Test
    void aClientWithoutSessionsGetsNoKeys() {
        Map<MetricKey, SleepChangeMetric> out = BatchComputation.compute(
                List.of(nightInBed("2024-06-10").record()), List.of(), MetricSettings.defaults());
        assertThat(out).isEmpty();
    }

    @Test
    void aSessionCancelledAfterCompletionLosesItsKeys() {
        Map<MetricKey, SleepChangeMetric> out = BatchComputation.compute(
                List.of(),
                List.of(
                        session("s1").event(),
                        session("s1").status(SessionStatus.CANCELLED).event()),
                MetricSettings.defaults());
        assertThat(out).isEmpty();
    }

    @Test
    void aCustomSourcePriorityChoosesTheNightsMainSleep() {
        // given OURA and FITBIT on the same five baseline nights and post night, FITBIT always 60 min longer
        List<SleepRecord> sleep = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String night = date("2024-06-05").plusDays(i).toString();
            sleep.add(nightInBed(night).totalSleep(400 + i).record());
            sleep.add(nightInBed(night)
                    .source(SleepSource.FITBIT)
                    .id("fitbit-" + night)
                    .totalSleep(460 + i)
                    .record());
        }
        MetricSettings fitbitFirst = new MetricSettings(new SourcePriority(List.of(SleepSource.FITBIT)), 3);

        SleepChangeMetric m = BatchComputation.compute(
                        sleep, List.of(session("s1").event()), fitbitFirst)
                .get(key("s1", MetricWindow.NIGHT_0));

        // then FITBIT's nights count: baseline 460..464 mean 462, post 465
        assertThat(m.getMetrics().getTotalSleepMinutes().getBaselineMean()).isEqualTo(462.0);
        assertThat(m.getMetrics().getTotalSleepMinutes().getPostMean()).isEqualTo(465.0);
    }

    @Test
    void aWithdrawnRecordStillAdvancedTheClientsDataClock() {
        // interpretation pinned: latestNight is the latest night of any non-deleted record received,
        // even one withdrawn later. Given a record for 20 June received and then withdrawn:
        Fixtures.SleepBuilder late = nightInBed("2024-06-20");
        Map<MetricKey, SleepChangeMetric> out = BatchComputation.compute(
                List.of(late.record(), late.deletion()), List.of(session("s1").event()), MetricSettings.defaults());
        // then NIGHT_0 of 10 June (no night recorded) is complete: 20 June is more than 3 days later
        assertThat(out.get(key("s1", MetricWindow.NIGHT_0)).getComplete()).isTrue();
        assertThat(out.get(key("s1", MetricWindow.NIGHT_0))
                        .getMetrics()
                        .getTotalSleepMinutes()
                        .getPostN())
                .isZero();
    }

    @Test
    void theDataClockIsTheLatestNightReceivedNotTheNightOfTheLastRecordReceived() {
        // given a record for 20 June, then a late upload of 5 June
        Map<MetricKey, SleepChangeMetric> out = BatchComputation.compute(
                List.of(
                        nightInBed("2024-06-20").record(),
                        nightInBed("2024-06-05").record()),
                List.of(session("s1").event()),
                MetricSettings.defaults());
        // then the clock stays at 20 June: NIGHT_0 of 10 June (missing) is more than 3 days behind it
        assertThat(out.get(key("s1", MetricWindow.NIGHT_0)).getComplete()).isTrue();
        // and so is WEEK_1 (10-16 June, all missing): 20 June is 4 days after its last night
        assertThat(out.get(key("s1", MetricWindow.WEEK_1)).getComplete()).isTrue();
    }

    @Test
    void aRecordWithdrawnAndSentAgainCountsAgain() {
        Fixtures.SleepBuilder n0 = nightInBed("2024-06-10").totalSleep(450);
        Map<MetricKey, SleepChangeMetric> out = BatchComputation.compute(
                List.of(n0.record(), n0.deletion(), n0.record()),
                List.of(session("s1").event()),
                MetricSettings.defaults());
        assertThat(out.get(key("s1", MetricWindow.NIGHT_0))
                        .getMetrics()
                        .getTotalSleepMinutes()
                        .getPostMean())
                .isEqualTo(450.0);
    }
}
