package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.local;
import static org.sleepdelta.metric.Fixtures.mainSleeps;
import static org.sleepdelta.metric.Fixtures.session;
import static org.sleepdelta.metric.Fixtures.sleep;
import static org.sleepdelta.metric.Metric.SLEEP_LATENCY_MINUTES;
import static org.sleepdelta.metric.Metric.TOTAL_SLEEP_MINUTES;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** Definitions 4, 6 and 8 as applied to one window: which nights count, when the effect exists, completeness. */
class SleepChangeCalculatorTest {
    private static final String BERLIN = "Europe/Berlin";
    /** Session 18:00-19:30 Berlin on 10 June 2024: N0 = 10 June, baseline [27 May, 9 Jun]. */
    private static final SessionFacts SESSION =
            session("s1").at("2024-06-10T18:00").lasting(90).facts();

    private static final int GRACE = MetricSettings.DEFAULT_LATE_GRACE_DAYS;

    /** Five baseline nights 5-9 June: 400, 410, 420, 430, 440 (mean 420). */
    private static Fixtures.MainSleeps withBaseline() {
        return mainSleeps().totalSleepFrom("2024-06-05", 400, 410, 420, 430, 440);
    }

    private static Stats totalSleep(WindowSpec spec, NavigableMap<LocalDate, NightValues> nights) {
        return SleepChangeCalculator.compute(
                        spec, Fixtures.noReference(spec), nights, nights.isEmpty() ? null : nights.lastKey(), GRACE)
                .metrics()
                .get(TOTAL_SLEEP_MINUTES);
    }

    private static boolean complete(
            WindowSpec spec, NavigableMap<LocalDate, NightValues> nights, String latestNight, int graceDays) {
        return SleepChangeCalculator.compute(
                        spec,
                        Fixtures.noReference(spec),
                        nights,
                        latestNight == null ? null : date(latestNight),
                        graceDays)
                .complete();
    }

    private static Map<Metric, Double> tst(double minutes) {
        return Map.of(TOTAL_SLEEP_MINUTES, minutes);
    }

    @Nested
    class NightZeroRule {
        private Stats night0WithMainSleepStartingAt(String localStart) {
            NavigableMap<LocalDate, NightValues> nights = withBaseline()
                    .night("2024-06-10", local(localStart, BERLIN), tst(450))
                    .build();
            return totalSleep(WindowSpec.night0(SESSION), nights);
        }

        @Test
        void mainSleepBeginningBeforeTheSessionEndedIsNotAPostNight() {
            Stats stats = night0WithMainSleepStartingAt("2024-06-10T19:29");
            assertThat(stats.postN()).isZero();
            assertThat(stats.postMean()).isNull();
            assertThat(stats.delta()).isNull();
        }

        @Test
        void mainSleepBeginningExactlyAsTheSessionEndsIsAPostNight() {
            Stats stats = night0WithMainSleepStartingAt("2024-06-10T19:30");
            assertThat(stats.postN()).isEqualTo(1);
            assertThat(stats.postMean()).isEqualTo(450.0);
            assertThat(stats.delta()).isEqualTo(450.0 - 420.0);
        }

        @Test
        void mainSleepBeginningAfterTheSessionIsAPostNight() {
            Stats stats = night0WithMainSleepStartingAt("2024-06-10T23:00");
            assertThat(stats.postN()).isEqualTo(1);
        }

        @Test
        void week1DropsOnlyNightZeroWhenItsMainSleepBeganBeforeTheSessionEnded() {
            // given N0's main sleep began during the session, then three more nights
            NavigableMap<LocalDate, NightValues> nights = withBaseline()
                    .night("2024-06-10", local("2024-06-10T19:00", BERLIN), tst(999))
                    .totalSleepFrom("2024-06-11", 450, 460, 470)
                    .build();
            Stats stats = totalSleep(WindowSpec.week1(SESSION), nights);
            // then the post nights are 11-13 June: mean (450 + 460 + 470) / 3 = 460
            assertThat(stats.postN()).isEqualTo(3);
            assertThat(stats.postMean()).isEqualTo(460.0);
            assertThat(stats.delta()).isEqualTo(40.0);
        }

        @Test
        void aNapAfterTheSessionDoesNotStandInForAMainSleepThatBeganDuringIt() {
            // given on N0 a flagged main sleep from 19:00 (during the session) and an unflagged nap from 20:00
            List<SleepRecord> records = List.of(
                    sleep().id("main")
                            .from("2024-06-10T19:00")
                            .totalSleep(400)
                            .mainSleep(true)
                            .record(),
                    sleep().id("nap")
                            .from("2024-06-10T20:00")
                            .totalSleep(45)
                            .mainSleep(false)
                            .record());
            NavigableMap<LocalDate, NightValues> nights =
                    BatchComputation.mainSleeps(records, SourcePriority.defaultOrder());
            // then night 0 has no post night at all
            Stats stats = totalSleep(WindowSpec.night0(SESSION), nights);
            assertThat(nights).containsOnlyKeys(date("2024-06-10"));
            assertThat(stats.postN()).isZero();
        }
    }

    @Nested
    class EffectNeedsEnoughNights {
        @Test
        void fourBaselineNightsAreTooFew() {
            NavigableMap<LocalDate, NightValues> nights = mainSleeps()
                    .totalSleepFrom("2024-06-06", 410, 420, 430, 440)
                    .totalSleep("2024-06-10", 450)
                    .build();
            Stats stats = totalSleep(WindowSpec.night0(SESSION), nights);
            // the descriptive statistics are still reported: mean (410+420+430+440)/4 = 425
            assertThat(stats.baselineN()).isEqualTo(4);
            assertThat(stats.baselineMean()).isEqualTo(425.0);
            assertThat(stats.postMean()).isEqualTo(450.0);
            assertThat(stats.delta()).isNull();
            assertThat(stats.pctChange()).isNull();
            assertThat(stats.z()).isNull();
            assertThat(stats.meaningfulImprovement()).isNull();
        }

        @Test
        void fiveBaselineNightsAndOnePostNightDefineTheNight0Effect() {
            NavigableMap<LocalDate, NightValues> nights =
                    withBaseline().totalSleep("2024-06-10", 450).build();
            Stats stats = totalSleep(WindowSpec.night0(SESSION), nights);
            assertThat(stats.baselineN()).isEqualTo(5);
            assertThat(stats.delta()).isEqualTo(30.0);
            assertThat(stats.meetsThreshold()).isTrue();
        }

        @Test
        void baselineNightsOutsideTheFourteenBeforeNZeroDoNotCount() {
            // 26 May is N0-15 (too early); 10 June is N0 itself (a post night)
            NavigableMap<LocalDate, NightValues> nights = mainSleeps()
                    .totalSleep("2024-05-26", 100)
                    .totalSleepFrom("2024-05-27", 400, 410)
                    .totalSleepFrom("2024-06-08", 430, 440)
                    .totalSleep("2024-06-10", 450)
                    .build();
            Stats stats = totalSleep(WindowSpec.week1(SESSION), nights);
            assertThat(stats.baselineN()).isEqualTo(4);
            assertThat(stats.baselineMean()).isEqualTo((400 + 410 + 430 + 440) / 4.0);
        }

        @Test
        void week1NeedsThreePostNights() {
            NavigableMap<LocalDate, NightValues> two =
                    withBaseline().totalSleepFrom("2024-06-11", 450, 460).build();
            NavigableMap<LocalDate, NightValues> three =
                    withBaseline().totalSleepFrom("2024-06-11", 450, 460, 470).build();

            Stats withTwo = totalSleep(WindowSpec.week1(SESSION), two);
            Stats withThree = totalSleep(WindowSpec.week1(SESSION), three);

            assertThat(withTwo.postN()).isEqualTo(2);
            assertThat(withTwo.postMean()).isEqualTo(455.0);
            assertThat(withTwo.delta()).isNull();
            assertThat(withThree.postN()).isEqualTo(3);
            assertThat(withThree.delta()).isEqualTo(460.0 - 420.0);
        }

        @Test
        void courseNeedsFivePostNights() {
            // C0 = 10 June: baseline [27 May, 9 Jun] is the same five nights; post nights from 24 June
            WindowSpec course = WindowSpec.course(SESSION, 1);
            NavigableMap<LocalDate, NightValues> four = withBaseline()
                    .totalSleepFrom("2024-06-24", 440, 450, 460, 470)
                    .build();
            NavigableMap<LocalDate, NightValues> five = withBaseline()
                    .totalSleepFrom("2024-06-24", 440, 450, 460, 470, 480)
                    .build();

            assertThat(totalSleep(course, four).delta()).isNull();
            assertThat(totalSleep(course, four).postMean()).isEqualTo(455.0);
            // (440+450+460+470+480)/5 = 460, minus 420
            assertThat(totalSleep(course, five).postN()).isEqualTo(5);
            assertThat(totalSleep(course, five).delta()).isEqualTo(40.0);
        }

        @Test
        void courseNightsBeforeWeekThreeAreNotPostNights() {
            // nights C0 .. C0+13 (10-23 June) belong to no window of the course
            WindowSpec course = WindowSpec.course(SESSION, 1);
            NavigableMap<LocalDate, NightValues> nights = withBaseline()
                    .totalSleepFrom("2024-06-10", 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500)
                    .totalSleep("2024-07-08", 500)
                    .build();
            assertThat(totalSleep(course, nights).postN()).isZero();
        }

        @Test
        void eachMetricCountsOnlyTheNightsThatHaveIt() {
            // given latency on only 3 of 5 baseline nights and on the post night
            NavigableMap<LocalDate, NightValues> nights = mainSleeps()
                    .night("2024-06-05", Map.of(TOTAL_SLEEP_MINUTES, 400.0, SLEEP_LATENCY_MINUTES, 30.0))
                    .night("2024-06-06", Map.of(TOTAL_SLEEP_MINUTES, 410.0))
                    .night("2024-06-07", Map.of(TOTAL_SLEEP_MINUTES, 420.0, SLEEP_LATENCY_MINUTES, 20.0))
                    .night("2024-06-08", Map.of(TOTAL_SLEEP_MINUTES, 430.0))
                    .night("2024-06-09", Map.of(TOTAL_SLEEP_MINUTES, 440.0, SLEEP_LATENCY_MINUTES, 40.0))
                    .night("2024-06-10", Map.of(TOTAL_SLEEP_MINUTES, 450.0, SLEEP_LATENCY_MINUTES, 5.0))
                    .build();
            SleepChange change = SleepChangeCalculator.compute(
                    WindowSpec.night0(SESSION),
                    Fixtures.noReference(WindowSpec.night0(SESSION)),
                    nights,
                    date("2024-06-10"),
                    GRACE);

            Stats latency = change.metrics().get(SLEEP_LATENCY_MINUTES);
            assertThat(latency.baselineN()).isEqualTo(3);
            assertThat(latency.baselineMean()).isEqualTo(30.0); // (30 + 20 + 40) / 3
            assertThat(latency.baselineSd()).isEqualTo(10.0); // sqrt((0 + 100 + 100) / 2)
            assertThat(latency.delta()).isNull(); // 3 < 5 baseline nights
            assertThat(change.metrics().get(TOTAL_SLEEP_MINUTES).delta()).isEqualTo(30.0);
            // a metric no night has is all zeros and nulls
            Stats deep = change.metrics().get(Metric.DEEP_MINUTES);
            assertThat(deep)
                    .isEqualTo(new Stats(
                            0, 0, null, null, null, null, null, null, null, null, null, null, null, null, 0, null, null,
                            null, null));
            assertThat(change.metrics()).containsOnlyKeys(Metric.values());
        }
    }

    @Nested
    class Completeness {
        private final WindowSpec week1 = WindowSpec.week1(SESSION); // post nights 10-16 June

        @Test
        void everyPostNightPresentIsComplete() {
            NavigableMap<LocalDate, NightValues> nights = mainSleeps()
                    .totalSleepFrom("2024-06-10", 400, 400, 400, 400, 400, 400, 400)
                    .build();
            assertThat(complete(week1, nights, "2024-06-16", GRACE)).isTrue();
        }

        @Test
        void aMissingNightLeavesItIncompleteUntilTheDataIsMoreThanTheGraceDaysPastTheWindow() {
            // given 13 June missing
            NavigableMap<LocalDate, NightValues> nights = mainSleeps()
                    .totalSleepFrom("2024-06-10", 400, 400, 400)
                    .totalSleepFrom("2024-06-14", 400, 400, 400)
                    .build();
            assertThat(complete(week1, nights, "2024-06-16", GRACE)).isFalse();
            assertThat(complete(week1, nights, "2024-06-19", GRACE)).isFalse(); // postEnd + 3
            assertThat(complete(week1, nights, "2024-06-20", GRACE)).isTrue(); // postEnd + 4
        }

        @Test
        void withoutAnyDataClockItIsIncomplete() {
            assertThat(complete(week1, mainSleeps().build(), null, GRACE)).isFalse();
        }

        @Test
        void theGraceIsConfigurable() {
            NavigableMap<LocalDate, NightValues> nights =
                    mainSleeps().totalSleep("2024-06-10", 400).build();
            assertThat(complete(week1, nights, "2024-06-16", 0)).isFalse();
            assertThat(complete(week1, nights, "2024-06-17", 0)).isTrue();
            assertThat(complete(week1, nights, "2024-06-23", 7)).isFalse();
            assertThat(complete(week1, nights, "2024-06-24", 7)).isTrue();
        }

        @Test
        void nightZeroWhoseMainSleepBeganBeforeTheSessionEndedStillCountsAsPresent() {
            NavigableMap<LocalDate, NightValues> nights = mainSleeps()
                    .night("2024-06-10", local("2024-06-10T18:30", BERLIN), tst(400))
                    .totalSleepFrom("2024-06-11", 400, 400, 400, 400, 400, 400)
                    .build();
            SleepChange change = SleepChangeCalculator.compute(
                    week1, Fixtures.noReference(week1), nights, date("2024-06-16"), GRACE);
            assertThat(change.complete()).isTrue();
            assertThat(change.metrics().get(TOTAL_SLEEP_MINUTES).postN()).isEqualTo(6);
        }

        @Test
        void night0IsCompleteOnlyWithItsNightOrAfterTheGrace() {
            WindowSpec night0 = WindowSpec.night0(SESSION);
            NavigableMap<LocalDate, NightValues> baselineOnly = withBaseline().build();
            assertThat(complete(night0, baselineOnly, "2024-06-13", GRACE)).isFalse();
            assertThat(complete(night0, baselineOnly, "2024-06-14", GRACE)).isTrue();
            assertThat(complete(
                            night0, mainSleeps().totalSleep("2024-06-10", 400).build(), "2024-06-10", GRACE))
                    .isTrue();
        }

        @Test
        void courseNeedsAllFourteenNightsOfWeeksThreeAndFour() {
            WindowSpec course = WindowSpec.course(SESSION, 1); // post nights 24 June - 7 July
            double[] fourteen = {400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400};
            double[] thirteen = {400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400};
            assertThat(complete(
                            course,
                            mainSleeps().totalSleepFrom("2024-06-24", fourteen).build(),
                            "2024-07-07",
                            GRACE))
                    .isTrue();
            assertThat(complete(
                            course,
                            mainSleeps().totalSleepFrom("2024-06-25", thirteen).build(),
                            "2024-07-07",
                            GRACE))
                    .isFalse();
        }
    }

    @Nested
    class ReferenceAndSources {
        private NightValues night(String date, SleepSource source, double minutes) {
            return new NightValues(
                    date(date), local(date + "T23:00", Fixtures.BERLIN), source, Map.of(TOTAL_SLEEP_MINUTES, minutes));
        }

        private NavigableMap<LocalDate, NightValues> nights(NightValues... nights) {
            NavigableMap<LocalDate, NightValues> map = new TreeMap<>();
            for (NightValues n : nights) {
                map.put(n.night(), n);
            }
            return map;
        }

        @Test
        void oneSourceThroughoutIsNotMixed() {
            WindowSpec week1 = WindowSpec.week1(SESSION);
            NavigableMap<LocalDate, NightValues> nights =
                    withBaseline().totalSleepFrom("2024-06-10", 450, 460, 470).build();
            assertThat(SleepChangeCalculator.compute(week1, Fixtures.noReference(week1), nights, null, GRACE)
                            .mixedSources())
                    .isFalse();
        }

        @Test
        void aPostNightFromAnotherSourceMakesTheWindowMixedButAReferenceNightDoesNot() {
            WindowSpec week1 = WindowSpec.week1(SESSION);
            NavigableMap<LocalDate, NightValues> nights = nights(
                    night("2024-05-01", SleepSource.FITBIT, 400),
                    night("2024-06-05", SleepSource.OURA, 400),
                    night("2024-06-11", SleepSource.OURA, 430));
            assertThat(SleepChangeCalculator.compute(week1, Fixtures.noReference(week1), nights, null, GRACE)
                            .mixedSources())
                    .as("the FITBIT night is a reference night only")
                    .isFalse();
            nights.put(date("2024-06-12"), night("2024-06-12", SleepSource.GARMIN, 440));
            assertThat(SleepChangeCalculator.compute(week1, Fixtures.noReference(week1), nights, null, GRACE)
                            .mixedSources())
                    .isTrue();
        }

        @Test
        void referenceNightsAroundAnotherSessionDoNotCount() {
            WindowSpec night0 = WindowSpec.night0(SESSION);
            NavigableMap<LocalDate, NightValues> nights = withBaseline()
                    .totalSleep("2024-06-10", 450)
                    .totalSleepFrom("2024-05-01", 400, 400, 400, 400, 400, 400, 400, 400, 400, 400)
                    .build();
            Stats all = SleepChangeCalculator.compute(night0, Fixtures.noReference(night0), nights, null, GRACE)
                    .metrics()
                    .get(TOTAL_SLEEP_MINUTES);
            assertThat(all.referenceN()).isEqualTo(10);
            // another session on 18 May: its baseline 4..17 May and first post week leave out 4..10 May
            Stats excluded = SleepChangeCalculator.compute(
                            night0, ReferenceNights.of(night0, List.of(date("2024-05-18"))), nights, null, GRACE)
                    .metrics()
                    .get(TOTAL_SLEEP_MINUTES);
            assertThat(excluded.referenceN()).isEqualTo(3);
            assertThat(excluded.adjustedDelta()).isNull();
            assertThat(all.adjustedDelta()).isEqualTo(50.0);
        }
    }
}
