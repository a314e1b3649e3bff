package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.vendor.Fixtures.CLIENT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.Fixtures;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;

/** The hand-written export.xml fixture: its nights, sources and broken records, checked against hand-computed values. */
class AppleHealthAdapterTest {

    private final AppleHealthAdapter adapter = new AppleHealthAdapter();

    private CollectingSink importFixture() throws IOException, PayloadException {
        CollectingSink sink = new CollectingSink();
        adapter.normalise(new ByteArrayInputStream(Fixtures.bytes("apple-health/export.xml")), CLIENT, sink);
        return sink;
    }

    @Test
    void overlappingWatchAndPhoneNightTakesTheWatchStagesAndCountsNothingTwice() throws Exception {
        // given the night of 2 March: the Watch wrote stages (one Core segment twice), the iPhone InBed + Asleep
        // when
        SleepRecord night = importFixture().finalState().get("2026-03-02.main");

        // then only the Watch's segments count. Bounds: Awake 23:05 +0100 to Awake 06:55 +0100.
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T22:05:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-03T05:55:00Z"));
        // The Watch wrote no InBed: time in bed is first to last segment, 23:05 to 06:55 = 7 h 50 = 470 min.
        assertThat(night.getTimeInBedMinutes()).isEqualTo(470.0);
        // Asleep from 23:12 to 06:48 (456 min) minus the awake 01:35-01:41 (6) and 05:30-05:34 (4) = 446.
        assertThat(night.getTotalSleepMinutes()).isEqualTo(446.0);
        // Deep 23:40-00:25 (45) + 02:30-03:00 (30) = 75; REM 25 + 35 + 36 = 96;
        // Core 28 + 45 + 49 + 70 (written twice, counted once) + 45 + 38 = 275; 75 + 96 + 275 = 446.
        assertThat(night.getDeepMinutes()).isEqualTo(75.0);
        assertThat(night.getRemMinutes()).isEqualTo(96.0);
        assertThat(night.getLightMinutes()).isEqualTo(275.0);
        // Latency 23:05 -> 23:12 = 7; WASO 6 + 4 = 10 in two awakenings; the final 06:48-06:55 awake is not WASO.
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(7.0);
        assertThat(night.getWasoMinutes()).isEqualTo(10.0);
        assertThat(night.getAwakenings()).isEqualTo(2);
        assertThat(night.getMainSleep()).isTrue();
    }

    @Test
    void mainSleepCarriesTheSleepSourcesRestingHeartRateButNeverSdnnAsHrv() throws Exception {
        // given a Watch resting heart rate 54 and an Oura one 52 for 3 March, and a Watch SDNN sample that night
        // when
        SleepRecord night = importFixture().finalState().get("2026-03-02.main");

        // then the sleep source's own resting heart rate is taken, and SDNN is not RMSSD: HRV stays absent
        assertThat(night.getRestingHeartRateBpm()).isEqualTo(54.0);
        assertThat(night.getHrvRmssdMs()).isNull();
    }

    @Test
    void napAndNightOfTheSameDayAreSeparatePeriodsAndOnlyTheLongestIsMainSleep() throws Exception {
        // given the Pillow app alone on 5 March: a nap 14:20-15:00 and the night 23:40-07:10 (+0100)
        // when
        Map<String, SleepRecord> state = importFixture().finalState();

        // then
        SleepRecord nap = state.get("2026-03-05.nap.1420");
        assertThat(nap.getMainSleep()).isFalse();
        assertThat(nap.getSleepStart()).isEqualTo(Instant.parse("2026-03-05T13:20:00Z"));
        assertThat(nap.getSleepEnd()).isEqualTo(Instant.parse("2026-03-05T14:00:00Z"));
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(24.0); // asleep 14:31-14:55
        assertThat(nap.getTimeInBedMinutes()).isEqualTo(40.0); // in bed 14:20-15:00
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(11.0); // 14:20 -> 14:31
        assertThat(nap.getWasoMinutes()).isEqualTo(0.0);
        assertThat(nap.getAwakenings()).isEqualTo(0);
        assertThat(nap.getRestingHeartRateBpm()).isNull();
        SleepRecord night = state.get("2026-03-05.main");
        assertThat(night.getMainSleep()).isTrue();
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-05T22:40:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-06T06:10:00Z"));
        assertThat(night.getTimeInBedMinutes()).isEqualTo(450.0); // 23:40 -> 07:10
        assertThat(night.getTotalSleepMinutes()).isEqualTo(408.0); // 23:58-03:00 (182) + 03:12-06:58 (226)
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(18.0); // 23:40 -> 23:58
        assertThat(night.getWasoMinutes()).isEqualTo(12.0); // awake 03:00-03:12
        assertThat(night.getAwakenings()).isEqualTo(1);
        assertThat(night.getDeepMinutes()).isNull(); // Pillow wrote no stages
    }

    @Test
    void oldStyleAsleepValueCountsAsUnstagedSleep() throws Exception {
        // given an iOS 15 iPhone night: InBed 23:00-07:00 +0200, "HKCategoryValueSleepAnalysisAsleep" 23:25-03:10,
        // 03:30-06:45
        // when
        SleepRecord night = importFixture().finalState().get("2022-09-10.main");

        // then
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2022-09-10T21:00:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2022-09-11T05:00:00Z"));
        assertThat(night.getTotalSleepMinutes()).isEqualTo(420.0); // 225 + 195
        assertThat(night.getTimeInBedMinutes()).isEqualTo(480.0);
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(25.0); // 23:00 -> 23:25
        assertThat(night.getWasoMinutes()).isEqualTo(20.0); // 23:25 -> 06:45 is 440, minus 420 asleep
        assertThat(night.getAwakenings()).isEqualTo(1);
        assertThat(night.getLightMinutes()).isNull();
    }

    @Test
    void nightAcrossTheSpringDaylightSavingChangeIsAnHourShorterThanTheClockSuggests() throws Exception {
        // given the Watch 23:30 +0100 on 28 March to 07:05 +0200 on 29 March (clocks go forward at 02:00)
        // when
        SleepRecord night = importFixture().finalState().get("2026-03-28.main");

        // then 23:30 -> 07:05 reads 7 h 35 on the clock but is 6 h 35 = 395 min of real time
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-28T22:30:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-29T05:05:00Z"));
        assertThat(night.getTimeInBedMinutes()).isEqualTo(395.0);
        // Core 23:40-01:30 (110) + Deep 01:30 +0100 to 03:10 +0200 (40) + REM 50 + Core 04:00-07:00 (180) = 380
        assertThat(night.getTotalSleepMinutes()).isEqualTo(380.0);
        assertThat(night.getDeepMinutes()).isEqualTo(40.0);
        assertThat(night.getLightMinutes()).isEqualTo(290.0);
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(10.0);
    }

    @Test
    void everyRecordCarriesTheClientsIdentityAndZoneAndEachNightIsSentOnce() throws Exception {
        // when
        CollectingSink sink = importFixture();

        // then five periods: 2022-09-10, 2026-03-02, the nap and night of 2026-03-05, and 2026-03-28
        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactlyInAnyOrder(
                        "2022-09-10.main",
                        "2026-03-02.main",
                        "2026-03-05.nap.1420",
                        "2026-03-05.main",
                        "2026-03-28.main");
        assertThat(sink.records).allSatisfy(r -> {
            assertThat(r.getClinicId()).isEqualTo("clinic-berlin");
            assertThat(r.getClientId()).isEqualTo("c0001");
            assertThat(r.getSource()).isEqualTo(SleepSource.APPLE_HEALTH);
            assertThat(r.getTimezone()).isEqualTo("Europe/Berlin");
            assertThat(r.getHrvRmssdMs()).isNull();
        });
    }

    @Test
    void brokenRecordsAreReportedByLineAndTheRestGoesThrough() throws Exception {
        // given line 128 has the date "2026-03-1O" (letter O) and line 129 an unknown sleep value; that leaves
        // only the iPhone's InBed for the night of 10 March
        // when
        CollectingSink sink = importFixture();

        // then
        assertThat(sink.problems)
                .containsExactlyInAnyOrder(
                        new Problem("line 128", "startDate", AppleDates.EXPECTED),
                        new Problem(
                                "line 129",
                                "value",
                                "must be an HKCategoryValueSleepAnalysis value (InBed, Asleep, "
                                        + "AsleepUnspecified, Awake, AsleepCore, AsleepDeep or AsleepREM)"),
                        new Problem(
                                "night 2026-03-10",
                                "value",
                                "no source recorded sleep, only in-bed or awake time, so total sleep is unknown"));
        assertThat(sink.records).hasSize(5);
    }

    @Test
    void reSendingTheSameExportGivesTheSameRecords() throws Exception {
        // when
        CollectingSink first = importFixture();
        CollectingSink second = importFixture();

        // then
        assertThat(second.records).isEqualTo(first.records);
    }

    @Test
    void withoutTheClientsTimeZoneNothingIsReadAndOneProblemSaysWhy() throws Exception {
        // given
        CollectingSink sink = new CollectingSink();

        // when
        adapter.normalise(
                new ByteArrayInputStream(Fixtures.bytes("apple-health/export.xml")),
                new AdapterContext("clinic-berlin", "c0001", null),
                sink);

        // then
        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("timezone");
            assertThat(p.reason()).contains("IANA time zone is required");
        });
    }
}
