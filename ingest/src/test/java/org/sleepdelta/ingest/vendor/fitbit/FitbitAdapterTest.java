package org.sleepdelta.ingest.vendor.fitbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.ingest.vendor.jsonapi.Fixtures;

class FitbitAdapterTest {
    private static final AdapterContext BERLIN =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/Berlin"));
    private final FitbitAdapter adapter = new FitbitAdapter();

    @Test
    void aStagesMainSleepTakesStageMinutesFromTheSummaryAndLatencyWasoAwakeningsFromTheSegments() throws Exception {
        // given the by-date response of 2 March 2026 for a client in Berlin (CET, UTC+1)
        // when
        CollectingSink sink = Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", BERLIN);

        // then
        SleepRecord night = sink.record("fitbit:51234567890");
        assertThat(night.getClinicId()).isEqualTo("clinic-7");
        assertThat(night.getClientId()).isEqualTo("client-42");
        assertThat(night.getSource()).isEqualTo(SleepSource.FITBIT);
        assertThat(night.getTimezone()).isEqualTo("Europe/Berlin");
        // startTime 23:12:30 local, CET is UTC+1
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-01T22:12:30Z"));
        // duration 26 400 000 ms = 440 min = 7 h 20 min after the start
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T05:32:30Z"));
        assertThat(night.getMainSleep()).isTrue();
        assertThat(night.getTotalSleepMinutes()).isEqualTo(410.0); // minutesAsleep
        assertThat(night.getTimeInBedMinutes()).isEqualTo(440.0); // timeInBed
        assertThat(night.getDeepMinutes()).isEqualTo(99.0); // levels.summary.deep.minutes
        assertThat(night.getRemMinutes()).isEqualTo(80.0);
        assertThat(night.getLightMinutes()).isEqualTo(231.0);
        // the first segment is wake 23:12:30-23:22:30 (600 s), so sleep onset is 10 min in; minutesToFallAsleep says 0
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(10.0);
        // wake between onset (23:22:30) and the last sleep (ends 06:24:30): the 420 s wake segment at 01:37:30
        // plus the shortData wakes 60 + 90 + 30 + 120 s = 720 s = 12 min; the leading 10 and trailing 8 min
        // that minutesAwake (30) includes are not WASO
        assertThat(night.getWasoMinutes()).isEqualTo(12.0);
        // 1 wake segment + 4 short wakes between onset and the final awakening
        assertThat(night.getAwakenings()).isEqualTo(5);
        assertThat(night.getRestingHeartRateBpm()).isNull();
        assertThat(night.getHrvRmssdMs()).isNull();
        assertThat(night.getDeleted()).isFalse();
    }

    @Test
    void aClassicNapCountsRestlessAsNotAsleepAndHasNoStages() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", BERLIN);

        SleepRecord nap = sink.record("fitbit:51234567891");
        assertThat(nap.getMainSleep()).isFalse();
        // 14:05 local = 13:05Z; duration 4 500 000 ms = 75 min
        assertThat(nap.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T13:05:00Z"));
        assertThat(nap.getSleepEnd()).isEqualTo(Instant.parse("2026-03-02T14:20:00Z"));
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(62.0);
        assertThat(nap.getTimeInBedMinutes()).isEqualTo(75.0);
        // awake 14:05-14:09 before the first asleep segment
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(4.0);
        // restless 14:34-14:37 (3 min) + awake 14:59-15:01 (2 min); the awake 15:16-15:20 is after the final wake
        assertThat(nap.getWasoMinutes()).isEqualTo(5.0);
        assertThat(nap.getAwakenings()).isEqualTo(2);
        assertThat(nap.getDeepMinutes()).isNull();
        assertThat(nap.getRemMinutes()).isNull();
        assertThat(nap.getLightMinutes()).isNull();
    }

    @Test
    void everyLogOfTheResponseIsPassedOnInPayloadOrderWithoutProblems() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", BERLIN);

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly("fitbit:51234567890", "fitbit:51234567891");
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void aLogWithoutSegmentsTakesLatencyAndWasoFromTheSummaryFieldsWhenFitbitsIdentityHolds() throws Exception {
        // given a manual classic log without levels: 15 + 400 + 20 + 5 = 440 = timeInBed
        CollectingSink sink = Fixtures.run(adapter, "fitbit/list-with-bad-logs.json", BERLIN);

        SleepRecord manual = sink.record("fitbit:51234567900");
        // 22:30 CET = 21:30Z; + 440 min = 04:50Z next day
        assertThat(manual.getSleepStart()).isEqualTo(Instant.parse("2026-03-03T21:30:00Z"));
        assertThat(manual.getSleepEnd()).isEqualTo(Instant.parse("2026-03-04T04:50:00Z"));
        assertThat(manual.getSleepLatencyMinutes()).isEqualTo(15.0); // minutesToFallAsleep
        assertThat(manual.getWasoMinutes()).isEqualTo(20.0); // minutesAwake
        assertThat(manual.getAwakenings()).isNull();
        assertThat(manual.getTotalSleepMinutes()).isEqualTo(400.0);
        assertThat(manual.getDeepMinutes()).isNull();
    }

    @Test
    void badLogsBecomeProblemsAtTheirLocationAndTheOtherLogsGoThrough() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "fitbit/list-with-bad-logs.json", BERLIN);

        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactly("fitbit:51234567900", "fitbit:51234567903");
        assertThat(sink.problems)
                .containsExactly(
                        new Problem(
                                "sleep[1]",
                                "startTime",
                                "must be a local date-time without offset, like 2026-03-02T23:10:30.000"),
                        // minutesAsleep 600 in a period of 480 min
                        new Problem(
                                "sleep[2]",
                                "totalSleepMinutes",
                                "must not exceed the minutes between sleepStart and sleepEnd"),
                        new Problem("sleep[2]", "totalSleepMinutes", "must not exceed timeInBedMinutes"));
    }

    @Test
    void aStagesNapAfterTheBadLogsKeepsItsOwnValues() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "fitbit/list-with-bad-logs.json", BERLIN);

        SleepRecord nap = sink.record("fitbit:51234567903");
        assertThat(nap.getMainSleep()).isFalse();
        assertThat(nap.getTotalSleepMinutes()).isEqualTo(45.0);
        assertThat(nap.getSleepLatencyMinutes()).isEqualTo(2.0); // wake 13:30-13:32
        assertThat(nap.getWasoMinutes()).isEqualTo(0.0); // the only other wake, 14:17-14:20, ends the nap
        assertThat(nap.getAwakenings()).isZero();
        assertThat(nap.getDeepMinutes()).isEqualTo(0.0);
        assertThat(nap.getLightMinutes()).isEqualTo(37.0);
        assertThat(nap.getRemMinutes()).isEqualTo(8.0);
    }

    @Test
    void oneBareLogIsAcceptedAndItsEndIsTheStartPlusDurationAcrossTheClockChange() throws Exception {
        // given a log from 23:30 on the night Berlin moves from UTC+1 to UTC+2 at 02:00; endTime says 07:30 local
        CollectingSink sink = Fixtures.run(adapter, "fitbit/single-log-dst-night.json", BERLIN);

        SleepRecord night = sink.record("fitbit:51234568000");
        // 23:30 CET = 22:30Z; duration 25 200 000 ms = 7 h, which is 07:30 CEST, so the period is 420 min = timeInBed
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-28T22:30:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-29T05:30:00Z"));
        assertThat(night.getTimeInBedMinutes()).isEqualTo(420.0);
        // 0 + 380 + 40 + 15 = 435, not timeInBed 420: minutesAwake evidently holds the 15 min after waking
        assertThat(night.getWasoMinutes()).isNull();
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(0.0);
    }

    @Test
    void segmentTimesAfterTheClockChangeArePlacedInTheZoneNotCountedAsWallClockMinutes() throws Exception {
        // given a stages log from 01:30 CET on the night Berlin's clocks jump from 02:00 to 03:00;
        // the wake segment at 03:10 local is 03:10 CEST = 01:10Z, 40 min after the 00:30Z start
        CollectingSink sink = Fixtures.run(adapter, "fitbit/stages-log-across-clock-change.json", BERLIN);

        SleepRecord night = sink.record("fitbit:51234568100");
        // duration 10 800 000 ms = 3 h after 00:30Z
        assertThat(night.getSleepStart()).isEqualTo(Instant.parse("2026-03-29T00:30:00Z"));
        assertThat(night.getSleepEnd()).isEqualTo(Instant.parse("2026-03-29T03:30:00Z"));
        assertThat(night.getSleepLatencyMinutes()).isEqualTo(10.0); // wake 01:30-01:40 CET
        // between onset and the last sleep (ends 05:20 CEST = 03:20Z): the 300 s wake at 03:10 CEST and the 120 s
        // short wake at 05:10 CEST (03:10Z, 160 min in); counted as wall-clock minutes the short wake would land
        // 220 min in, after the end of the 180 min period, and be lost
        assertThat(night.getWasoMinutes()).isEqualTo(7.0);
        assertThat(night.getAwakenings()).isEqualTo(2);
    }

    @Test
    void theSleepArrayAloneIsAccepted() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "fitbit/sleep-array-only.json", BERLIN);

        assertThat(sink.records).extracting(SleepRecord::getSourceRecordId).containsExactly("fitbit:51234567900");
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void withoutTheCallersTimezoneEveryLogIsATimezoneProblem() throws Exception {
        AdapterContext noZone = new AdapterContext("clinic-7", "client-42", null);

        CollectingSink sink = Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", noZone);

        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).extracting(Problem::location).containsExactly("sleep[0]", "sleep[1]");
        assertThat(sink.problems).allSatisfy(p -> {
            assertThat(p.field()).isEqualTo("timezone");
            assertThat(p.reason()).contains("?timezone=");
        });
    }

    @Test
    void aResponseStillPendingAtFitbitIsNotPassedOn() throws Exception {
        CollectingSink sink = Fixtures.run(adapter, "fitbit/pending.json", BERLIN);

        assertThat(sink.records).isEmpty();
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("sleep[0]");
            assertThat(p.field()).isEqualTo("meta.state");
            assertThat(p.reason()).startsWith("is pending");
        });
    }

    @Test
    void aPendingMarkerAfterTheLogsSaysTheyWerePassedOnAndWillBeReplacedByTheResend() throws Exception {
        // given a response whose meta field comes after the sleep array it qualifies
        CollectingSink sink = Fixtures.run(adapter, "fitbit/pending-marker-after-logs.json", BERLIN);

        // then the log was already passed on; the problem says so, at the marker
        assertThat(sink.records).extracting(SleepRecord::getSourceRecordId).containsExactly("fitbit:51234567900");
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("meta");
            assertThat(p.field()).isEqualTo("meta.state");
            assertThat(p.reason()).contains("re-sent ones replace them");
        });
    }

    @Test
    void sendingTheSamePayloadAgainGivesTheSameRecords() throws Exception {
        CollectingSink first = Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", BERLIN);
        CollectingSink again = Fixtures.run(adapter, "fitbit/by-date-stages-and-classic-nap.json", BERLIN);

        assertThat(again.records).isEqualTo(first.records);
    }

    @Test
    void aTruncatedPayloadIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "fitbit/truncated.json", BERLIN))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aResponseOfAnotherFitbitEndpointIsAPayloadException() {
        assertThatThrownBy(() -> Fixtures.run(adapter, "fitbit/heart-rate-not-sleep.json", BERLIN))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no `sleep` array");
    }
}
