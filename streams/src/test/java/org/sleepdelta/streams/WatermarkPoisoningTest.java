package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.PipelineHeaders;

/**
 * Issue 10, item 5: clinic A's record dated in the year 2100 (a wearable with a broken clock, or a record forged by
 * someone with broker access) shares the task's watermarks with clinic B, but must not make B's records TOO_LATE nor
 * let the retention sweep delete B's state, however its ingest time is claimed.
 *
 * <p>The driver's wall clock stands at {@link TopologyHarness#INGESTED} (2030-01-01). Clinic B's client has the nights
 * of 2029-11-01..12-01 and a session on Dec 2; with 60 days of retention its cutoff is Oct 3. Had A moved the
 * watermark to 2100, B's next records would be TOO_LATE and the sweep would delete every night and session B has.
 * Even at the furthest the bound allows (the clock plus a day: 2030-01-02), B's cutoff is Nov 3 and the sweep keeps
 * nights from Aug 17.
 */
class WatermarkPoisoningTest {
    static final String CLINIC_B = "clinic-b";
    static final LocalDate YEAR_2100 = LocalDate.of(2100, 1, 1);
    static final Instant FORGED = Instant.parse("2100-01-03T00:00:00Z");

    private final TopologyHarness harness = new TopologyHarness(TopologySettings.defaults());

    @AfterEach
    void close() {
        harness.close();
    }

    /** How clinic A's far-future record claims its ingest time. */
    enum Claim {
        /** No ingest-time header: the record timestamp, set by the producer, is taken as the ingest time. */
        SLEEP_WITHOUT_HEADER,
        /** A forged ingest-time header in 2100 (and the record timestamp at its event time, as ours are). */
        SLEEP_WITH_FORGED_HEADER,
        /** The header as ingest would write it (a broken wearable clock): rejected IN_FUTURE already before the fix. */
        SLEEP_WITH_HONEST_HEADER,
        SESSION_WITHOUT_HEADER,
        SESSION_WITH_FORGED_HEADER
    }

    private void givenClinicB() {
        for (int d = 0; d <= 31; d++) {
            harness.sleep(TestData.night(LocalDate.of(2029, 11, 1).plusDays(d), 400)
                    .setClinicId(CLINIC_B)
                    .build());
        }
        harness.session(TestData.session("b1", LocalDate.of(2029, 12, 2), LocalTime.of(10, 0))
                .setClinicId(CLINIC_B)
                .build());
        harness.newOutput();
        assertThat(harness.rejections()).isEmpty();
    }

    private static Headers ingestedAt(Instant at) {
        Headers headers = new RecordHeaders();
        PipelineHeaders.setIngestedAt(headers, at.toEpochMilli());
        return headers;
    }

    private void clinicAFrom2100(Claim claim) {
        SleepRecord sleep =
                TestData.night(YEAR_2100, 400).setClientId("a-wearable").build();
        MassageSession session = TestData.session("a1", YEAR_2100, LocalTime.of(10, 0))
                .setClientId("a-wearable")
                .build();
        switch (claim) {
            case SLEEP_WITHOUT_HEADER -> harness.sleep(sleep, FORGED);
            case SLEEP_WITH_FORGED_HEADER -> harness.sleep(sleep, sleep.getSleepEnd(), ingestedAt(FORGED));
            case SLEEP_WITH_HONEST_HEADER ->
                harness.sleep(sleep, sleep.getSleepEnd(), ingestedAt(TopologyHarness.INGESTED));
            case SESSION_WITHOUT_HEADER -> harness.session(session, FORGED);
            case SESSION_WITH_FORGED_HEADER -> harness.session(session, session.getStart(), ingestedAt(FORGED));
        }
    }

    private void thenClinicBIsUnaffected(Map<String, Object> bSleepBefore, Map<String, Object> bSessionsBefore) {
        harness.advanceWallClock(RetentionSweepTest.SWEEP_INTERVAL);
        assertThat(harness.<Object>store(StoreNames.SLEEP_BY_NIGHT))
                .as("the sweep left B's nights")
                .containsAllEntriesOf(bSleepBefore);
        assertThat(harness.<Object>store(StoreNames.SESSIONS_BY_ID))
                .as("the sweep left B's sessions")
                .containsAllEntriesOf(bSessionsBefore);

        harness.sleep(TestData.night(LocalDate.of(2029, 12, 2), 450)
                .setClinicId(CLINIC_B)
                .build());
        harness.session(TestData.session("b2", LocalDate.of(2029, 11, 20), LocalTime.of(10, 0))
                .setClinicId(CLINIC_B)
                .build());

        assertThat(harness.rejections()).as("B's next records are admitted").isEmpty();
        assertThat(harness.dashboardState()).containsKeys("clinic-b/c1/b1/NIGHT_0", "clinic-b/c1/b2/NIGHT_0");
    }

    @ParameterizedTest
    @EnumSource(Claim.class)
    void aRecordFromTheYear2100LeavesAnotherClinicAdmittedAndUnswept(Claim claim) {
        givenClinicB();
        Map<String, Object> bSleep = harness.store(StoreNames.SLEEP_BY_NIGHT);
        Map<String, Object> bSessions = harness.store(StoreNames.SESSIONS_BY_ID);

        clinicAFrom2100(claim);

        List<Rejection> rejected = harness.rejections();
        assertThat(rejected).extracting(Rejection::getReason).containsExactly(RejectionReason.IN_FUTURE);
        assertThat(rejected.get(0).getRecordKey()).isEqualTo("clinic-a/a-wearable");
        long bound = TopologyHarness.INGESTED.plus(Duration.ofDays(1)).toEpochMilli();
        assertThat(harness.<Long>store(StoreNames.WATERMARK).values())
                .as("no watermark ahead of the wall clock plus the tolerance")
                .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(bound));
        thenClinicBIsUnaffected(bSleep, bSessions);
    }

    @Test
    void aForgedIngestTimeIsNamedInTheRejection() {
        clinicAFrom2100(Claim.SLEEP_WITH_FORGED_HEADER);

        assertThat(harness.rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.getDetail())
                        .contains("judged against the clock 2030-01-01T00:00:00Z")
                        .contains("claimed ingest time 2100-01-03T00:00:00Z"));
    }

    /** A watermark already in 2100 (stored by an earlier version, or while a clock was wrong) is read as at most now. */
    @Test
    void aWatermarkStoredIn2100IsReadAsNoLaterThanTheClockAllows() {
        givenClinicB();
        Map<String, Object> bSleep = harness.store(StoreNames.SLEEP_BY_NIGHT);
        Map<String, Object> bSessions = harness.store(StoreNames.SESSIONS_BY_ID);
        KeyValueStore<String, Long> watermarks = harness.driver.getKeyValueStore(StoreNames.WATERMARK);
        long poisoned = YEAR_2100.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        watermarks.put("sleep-records", poisoned);
        watermarks.put("massage-sessions", poisoned);

        thenClinicBIsUnaffected(bSleep, bSessions);
    }

    /** The bound is the tolerance past the wall clock: nothing is TOO_LATE that the clock says is recent. */
    @Test
    void recordsWithinTheToleranceStillMoveTheWatermark() {
        SleepRecord tomorrow = TestData.night(LocalDate.of(2029, 12, 31), 400)
                .setClinicId("clinic-a")
                .build(); // ends 2030-01-01T06:00Z, six hours past the clock
        harness.sleep(tomorrow, tomorrow.getSleepEnd(), ingestedAt(TopologyHarness.INGESTED));

        assertThat(harness.rejections()).isEmpty();
        assertThat(harness.<Long>store(StoreNames.WATERMARK))
                .containsEntry("sleep-records", tomorrow.getSleepEnd().toEpochMilli());
    }
}
