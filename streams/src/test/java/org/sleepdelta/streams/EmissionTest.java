package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.MetricAssertions.assertStats;
import static org.sleepdelta.streams.TestData.key;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.json.MetricJson;
import org.sleepdelta.streams.MetricAssertions.Expected;

/**
 * What one completed session and its client's nights produce: three keys, each with statistics computed by hand
 * from the metric definition.
 *
 * <p>Session s1 is on Monday 2026-02-02 at 10:00 Berlin, so N0 = Feb 2 and the baseline is Jan 19..Feb 1. Every night
 * is 23:00-07:00 (480 minutes in bed, no timeInBed given), so efficiency = TST / 4.8.
 * Baseline nights (TST, latency, awakenings, HRV): Jan 19 (400, 30, 1, 40), Jan 25 (410, 30, 2, 40),
 * Jan 28 (420, 30, 3, 40), Jan 30 (430, 30, 4, 40), Feb 1 (440, 30, 5, 40); Jan 18 (300) lies just outside.
 * Post nights: Feb 2 (450, 5, 2, 50), Feb 4 (460, -, -, 50), Feb 8 (470, -, -, 50); Feb 9 (200, HRV 10) lies just
 * outside WEEK_1.
 */
class EmissionTest {
    static final LocalDate N0 = LocalDate.of(2026, 2, 2);
    static final double TST_SD = Math.sqrt(250); // deviations -20,-10,0,10,20: 1000 / (5-1)
    static final double AWAKENINGS_SD = Math.sqrt(2.5); // deviations -2,-1,0,1,2: 10 / 4

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    static List<SleepRecord> clientNights() {
        List<SleepRecord> nights = new ArrayList<>();
        nights.add(TestData.night(LocalDate.of(2026, 1, 18), 300)
                .setSleepLatencyMinutes(90.0)
                .setAwakenings(9)
                .setHrvRmssdMs(10.0)
                .build());
        nights.add(baseline(LocalDate.of(2026, 1, 19), 400, 1));
        nights.add(baseline(LocalDate.of(2026, 1, 25), 410, 2));
        nights.add(baseline(LocalDate.of(2026, 1, 28), 420, 3));
        nights.add(baseline(LocalDate.of(2026, 1, 30), 430, 4));
        nights.add(baseline(LocalDate.of(2026, 2, 1), 440, 5));
        nights.add(TestData.night(N0, 450)
                .setSleepLatencyMinutes(5.0)
                .setAwakenings(2)
                .setHrvRmssdMs(50.0)
                .build());
        nights.add(TestData.night(N0.plusDays(2), 460).setHrvRmssdMs(50.0).build());
        nights.add(TestData.night(N0.plusDays(6), 470).setHrvRmssdMs(50.0).build());
        nights.add(TestData.night(N0.plusDays(7), 200).setHrvRmssdMs(10.0).build());
        return nights;
    }

    private static SleepRecord baseline(LocalDate night, double tst, int awakenings) {
        return TestData.night(night, tst)
                .setSleepLatencyMinutes(30.0)
                .setAwakenings(awakenings)
                .setHrvRmssdMs(40.0)
                .build();
    }

    private Map<String, SleepChangeMetric> givenNightsThenSession() {
        clientNights().forEach(harness::sleep);
        assertThat(harness.newOutput()).as("nights without a session").isEmpty();
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        List<TestRecord<String, SleepChangeMetric>> emitted = harness.newOutput();
        assertThat(emitted)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        key("s1", MetricWindow.COURSE_WEEKS_3_4));
        return harness.dashboardState();
    }

    @Test
    void aCompletedSessionEmitsItsThreeWindowsOnceEachAtRevisionOne() {
        Map<String, SleepChangeMetric> dashboard = givenNightsThenSession();

        assertThat(dashboard).hasSize(3);
        dashboard.forEach((k, metric) -> {
            assertThat(metric.getRevision()).as(k).isEqualTo(1);
            assertThat(metric.getClinicId()).isEqualTo("clinic-a");
            assertThat(metric.getClientId()).isEqualTo("c1");
            assertThat(metric.getSessionId()).isEqualTo("s1");
            assertThat(metric.getModality()).isEqualTo(Modality.SWEDISH);
            assertThat(metric.getFirstNight()).isEqualTo(N0);
            assertThat(metric.getBaselineStart()).isEqualTo(LocalDate.of(2026, 1, 19));
            assertThat(metric.getBaselineEnd()).isEqualTo(LocalDate.of(2026, 2, 1));
        });
        assertThat(harness.rejections()).isEmpty();
    }

    @Test
    void night0ComparesTheSessionNightWithTheFourteenNightsBefore() {
        SleepChangeMetric night0 = givenNightsThenSession().get(key("s1", MetricWindow.NIGHT_0));

        assertThat(night0.getWindow()).isEqualTo(MetricWindow.NIGHT_0);
        assertThat(night0.getWindowStart()).isEqualTo(N0);
        assertThat(night0.getWindowEnd()).isEqualTo(N0);
        assertThat(night0.getSessionsInWindow()).isNull();
        assertThat(night0.getComplete()).as("night 0 has a main sleep").isTrue();
        assertStats(
                night0,
                "totalSleepMinutes",
                new Expected(5, 1, 420.0, TST_SD, 450.0, 30.0, 100 * 30.0 / 420, 30 / TST_SD, true));
        // 400/4.8 .. 440/4.8: mean 87.5, SD scaled by 1/4.8; 450/4.8 = 93.75; +6.25 is below the +10 threshold
        assertStats(
                night0,
                "sleepEfficiencyPct",
                new Expected(5, 1, 87.5, TST_SD / 4.8, 93.75, 6.25, 100 * 6.25 / 87.5, 30 / TST_SD, false));
        // SD 0: z undefined, but the -25 minutes still meet the -20 threshold
        assertStats(
                night0, "sleepLatencyMinutes", new Expected(5, 1, 30.0, 0.0, 5.0, -25.0, 100 * -25.0 / 30, null, true));
        assertStats(night0, "wasoMinutes", Expected.nothing());
        assertStats(
                night0,
                "awakenings",
                new Expected(5, 1, 3.0, AWAKENINGS_SD, 2.0, -1.0, 100 * -1.0 / 3, -1 / AWAKENINGS_SD, true));
        assertStats(night0, "deepMinutes", Expected.nothing());
        assertStats(night0, "remMinutes", Expected.nothing());
        assertStats(night0, "restingHeartRateBpm", Expected.nothing());
        // a delta but no threshold: meaningfulImprovement stays null
        assertStats(night0, "hrvRmssdMs", new Expected(5, 1, 40.0, 0.0, 50.0, 10.0, 25.0, null, null));
    }

    @Test
    void week1AveragesTheSevenNightsFromN0AndNeedsThreeOfThemPerMetric() {
        SleepChangeMetric week1 = givenNightsThenSession().get(key("s1", MetricWindow.WEEK_1));

        assertThat(week1.getWindowStart()).isEqualTo(N0);
        assertThat(week1.getWindowEnd()).isEqualTo(LocalDate.of(2026, 2, 8));
        assertThat(week1.getSessionsInWindow()).isNull();
        // Feb 3, 5, 6, 7 have no main sleep and the data clock (Feb 9) is only 1 night past Feb 8
        assertThat(week1.getComplete()).isFalse();
        assertStats(
                week1,
                "totalSleepMinutes",
                new Expected(5, 3, 420.0, TST_SD, 460.0, 40.0, 100 * 40.0 / 420, 40 / TST_SD, true));
        assertStats(
                week1,
                "sleepEfficiencyPct",
                new Expected(5, 3, 87.5, TST_SD / 4.8, 460 / 4.8, 40 / 4.8, 100 * 40.0 / 420, 40 / TST_SD, false));
        // only Feb 2 recorded latency and awakenings: one post night is too few for WEEK_1
        assertStats(week1, "sleepLatencyMinutes", Expected.noEffect(5, 1, 30.0, 0.0, 5.0));
        assertStats(week1, "awakenings", Expected.noEffect(5, 1, 3.0, AWAKENINGS_SD, 2.0));
        assertStats(week1, "hrvRmssdMs", new Expected(5, 3, 40.0, 0.0, 50.0, 10.0, 25.0, null, null));
    }

    @Test
    void courseWeeks3And4OfTheFirstSessionHaveNoPostNightsYet() {
        SleepChangeMetric course = givenNightsThenSession().get(key("s1", MetricWindow.COURSE_WEEKS_3_4));

        assertThat(course.getFirstNight()).as("C0").isEqualTo(N0);
        assertThat(course.getWindowStart()).isEqualTo(LocalDate.of(2026, 2, 16));
        assertThat(course.getWindowEnd()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(course.getSessionsInWindow()).isEqualTo(1);
        assertThat(course.getComplete()).isFalse();
        assertStats(course, "totalSleepMinutes", Expected.noEffect(5, 0, 420.0, TST_SD, null));
        assertStats(course, "hrvRmssdMs", Expected.noEffect(5, 0, 40.0, 0.0, null));
    }

    @Test
    void arrivalOrderDoesNotChangeTheFinalDashboard() {
        Map<String, SleepChangeMetric> nightsFirst = givenNightsThenSession();

        try (TopologyHarness sessionFirst = new TopologyHarness()) {
            sessionFirst.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
            List<SleepRecord> reversed = new ArrayList<>(clientNights());
            Collections.reverse(reversed);
            reversed.forEach(sessionFirst::sleep);
            Map<String, SleepChangeMetric> other = sessionFirst.dashboardState();

            assertThat(other.keySet()).isEqualTo(nightsFirst.keySet());
            other.forEach((k, v) -> assertThat(
                            SleepChangeMetric.newBuilder(v).setRevision(1).build())
                    .as(k)
                    .isEqualTo(nightsFirst.get(k)));
        }
    }

    @Test
    void theJsonFormUsesTheContractsFieldAndWindowNames() {
        SleepChangeMetric course = givenNightsThenSession().get(key("s1", MetricWindow.COURSE_WEEKS_3_4));

        var json = MetricJson.toJson(course);

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "clinicId",
                        "clientId",
                        "sessionId",
                        "window",
                        "modality",
                        "firstNight",
                        "windowStart",
                        "windowEnd",
                        "baselineStart",
                        "baselineEnd",
                        "sessionsInWindow",
                        "metrics",
                        "revision",
                        "complete");
        List<String> metrics = new ArrayList<>();
        json.get("metrics").fieldNames().forEachRemaining(metrics::add);
        assertThat(metrics)
                .containsExactly(
                        "totalSleepMinutes",
                        "sleepEfficiencyPct",
                        "sleepLatencyMinutes",
                        "wasoMinutes",
                        "awakenings",
                        "deepMinutes",
                        "remMinutes",
                        "restingHeartRateBpm",
                        "hrvRmssdMs");
        assertThat(json.get("window").textValue()).isEqualTo("COURSE_WEEKS_3_4");
        assertThat(json.get("firstNight").textValue()).isEqualTo("2026-02-02");
        assertThat(json.get("sessionsInWindow").intValue()).isEqualTo(1);
        assertThat(json.get("metrics").get("totalSleepMinutes").get("delta").isNull())
                .isTrue();
    }

    @Test
    void aSessionWithoutAnySleepDataStillEmitsItsWindowsWithEmptyStatistics() {
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();

        assertThat(dashboard)
                .containsOnlyKeys(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        key("s1", MetricWindow.COURSE_WEEKS_3_4));
        dashboard.values().forEach(metric -> {
            assertThat(metric.getComplete()).isFalse();
            for (String name : MetricJson.METRIC_NAMES) {
                assertStats(metric, name, Expected.nothing());
            }
        });
    }

    @Test
    void everyOutputCarriesTheHeadersAndTimestampOfTheInputThatCausedIt() {
        clientNights().forEach(harness::sleep);
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        harness.newOutput();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ingested-at", "2026-02-06T08:00:00Z".getBytes(StandardCharsets.UTF_8));
        headers.add("trace-id", "abc-123".getBytes(StandardCharsets.UTF_8));
        Instant ingested = Instant.parse("2026-02-06T08:00:00Z");
        // the pipeline's own ingest-time header (epoch millis), consistent with the record timestamp
        headers.add(
                "sleepdelta-ingested-at", Long.toString(ingested.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));

        // Feb 3 is a WEEK_1 post night and in no other window of s1, so exactly one key changes
        harness.sleep(TestData.night(N0.plusDays(1), 455).build(), ingested, headers);

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();
        assertThat(out).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        TestRecord<String, SleepChangeMetric> record = out.get(0);
        assertThat(new String(record.headers().lastHeader("ingested-at").value(), StandardCharsets.UTF_8))
                .isEqualTo("2026-02-06T08:00:00Z");
        assertThat(new String(record.headers().lastHeader("trace-id").value(), StandardCharsets.UTF_8))
                .isEqualTo("abc-123");
        assertThat(new String(
                        record.headers().lastHeader("sleepdelta-ingested-at").value(), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(ingested.toEpochMilli()));
        assertThat(record.getRecordTime()).isEqualTo(ingested);
    }

    @Test
    void tombstonesCarryTheHeadersOfTheCancellationThatCausedThem() {
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        harness.newOutput();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ingested-at", "2026-02-06T09:00:00Z".getBytes(StandardCharsets.UTF_8));
        var cancelled = TestData.session("s1", N0, LocalTime.of(10, 0))
                .setStatus(SessionStatus.CANCELLED)
                .build();

        harness.session(cancelled, Instant.parse("2026-02-06T09:00:00Z"), headers);

        List<TestRecord<String, SleepChangeMetric>> out = harness.newOutput();
        assertThat(out).hasSize(3).allSatisfy(r -> {
            assertThat(r.value()).isNull();
            assertThat(new String(r.headers().lastHeader("ingested-at").value(), StandardCharsets.UTF_8))
                    .isEqualTo("2026-02-06T09:00:00Z");
        });
    }
}
