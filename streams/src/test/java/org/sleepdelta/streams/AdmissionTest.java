package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.TestData.key;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * Event-time admission with the default settings: 60 days of retention behind the event-time watermark (the latest
 * admitted event time: sleepEnd or session start) and one day of tolerance for input dated after its ingest time.
 *
 * <p>The night of 2026-06-01 in Berlin (23:00 CEST = 21:00 UTC, 480 minutes) ends 2026-06-02T05:00Z: the watermark's
 * UTC date is Jun 2, and Jun 2 - 60 days = Apr 3 is the first night still admitted. A session on Jun 2 at 10:00 CEST
 * (08:00Z) gives the same cutoff, so tests that set both hold whether the task keeps one watermark or one per topic.
 */
class AdmissionTest {
    /** The single-object encoding's marker (2 bytes) and schema fingerprint (8 bytes) before the Avro body. */
    private static final int SINGLE_OBJECT_HEADER_BYTES = 10;

    static final LocalDate JUN_1 = LocalDate.of(2026, 6, 1);
    static final Instant WATERMARK = Instant.parse("2026-06-02T05:00:00Z");
    static final LocalDate CUTOFF = LocalDate.of(2026, 4, 3);

    private final TopologyHarness harness = new TopologyHarness(TopologySettings.defaults());

    @AfterEach
    void close() {
        harness.close();
    }

    private void givenTheWatermarkAtJune2() {
        harness.sleep(TestData.night(JUN_1, 400).build());
        assertThat(harness.<Long>store(StoreNames.WATERMARK).values()).containsExactly(WATERMARK.toEpochMilli());
    }

    /** Both topics' event time at Jun 2, through another client so that c1's windows stay as they are. */
    private void givenBothTopicsAtJune2() {
        harness.sleep(TestData.night(JUN_1, 400).setClientId("pacer").build());
        harness.session(TestData.session("p1", JUN_1.plusDays(1), LocalTime.of(10, 0))
                .setClientId("pacer")
                .build());
        harness.newOutput();
    }

    private List<Rejection> rejections() {
        return harness.rejectionRecords().stream().map(TestRecord::value).toList();
    }

    private static byte[] bytes(Rejection r) {
        ByteBuffer payload = r.getPayload().duplicate();
        byte[] out = new byte[payload.remaining()];
        payload.get(out);
        return out;
    }

    @Test
    void aNightBeforeTheCutoffIsTooLateAndTheCutoffNightItselfIsAdmitted() {
        givenTheWatermarkAtJune2();
        // s1's baseline is Mar 27..Apr 9: both nights below would change it
        harness.session(TestData.session("s1", LocalDate.of(2026, 4, 10), LocalTime.of(10, 0))
                .build());
        harness.newOutput();
        SleepRecord apr2 = TestData.night(CUTOFF.minusDays(1), 400).build();

        harness.sleep(apr2);
        List<Rejection> rejected = rejections();
        List<TestRecord<String, SleepChangeMetric>> afterApr2 = harness.newOutput();
        harness.sleep(TestData.night(CUTOFF, 400).build());

        assertThat(rejected).hasSize(1);
        Rejection r = rejected.get(0);
        assertThat(r.getReason()).isEqualTo(RejectionReason.TOO_LATE);
        assertThat(r.getField()).isNull();
        assertThat(r.getDetail()).contains("2026-04-02").contains("60");
        assertThat(r.getRecordKey()).isEqualTo("clinic-a/c1");
        assertThat(r.getSourceTopic()).isEqualTo("sleep-records");
        assertThat(r.getSourceOffset()).isEqualTo(1);
        assertThat(bytes(r)).isEqualTo(Codecs.sleepRecord().encode(apr2));
        assertThat(afterApr2).isEmpty();
        assertThat(harness.newOutput())
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(
                        key("s1", MetricWindow.NIGHT_0),
                        key("s1", MetricWindow.WEEK_1),
                        key("s1", MetricWindow.COURSE_WEEKS_3_4));
        assertThat(rejections()).isEmpty();
    }

    @Test
    void aSessionWhoseFirstNightIsBeforeTheCutoffIsTooLate() {
        givenBothTopicsAtJune2();

        harness.session(TestData.session("s-old", CUTOFF.minusDays(1), LocalTime.of(10, 0))
                .build());
        List<Rejection> rejected = rejections();
        List<TestRecord<String, SleepChangeMetric>> afterOld = harness.newOutput();
        harness.session(TestData.session("s-new", CUTOFF, LocalTime.of(10, 0)).build());

        assertThat(rejected).extracting(Rejection::getReason).containsExactly(RejectionReason.TOO_LATE);
        assertThat(rejected.get(0).getSourceTopic()).isEqualTo("massage-sessions");
        assertThat(afterOld).isEmpty();
        assertThat(harness.store(StoreNames.SESSIONS_BY_ID)).containsOnlyKeys("clinic-a/c1/s-new", "clinic-a/pacer/p1");
        assertThat(harness.newOutput()).hasSize(3);
    }

    @Test
    void aTooLateReScoreLeavesTheEarlierVersionInPlace() {
        givenTheWatermarkAtJune2();
        SleepRecord apr5 = TestData.night(CUTOFF.plusDays(2), 400).build();
        harness.sleep(apr5);

        harness.sleep(TestData.night(CUTOFF.minusDays(1), 300)
                .setSourceRecordId(apr5.getSourceRecordId())
                .build());

        assertThat(rejections()).extracting(Rejection::getReason).containsExactly(RejectionReason.TOO_LATE);
        assertThat(harness.<SleepRecord>store(StoreNames.SLEEP_BY_NIGHT))
                .containsValue(apr5)
                .hasSize(2); // Apr 5 and Jun 1
    }

    @Test
    void aTooLateRecordIsReturnedWithTheBytesItArrivedAs() {
        givenTheWatermarkAtJune2();
        // Bytes our encoder would not write but the decoder reads, as an older writer's might be: clinicId's length
        // as an overlong varint (Avro's decoder accepts a continuation byte that adds nothing).
        byte[] encoded = Codecs.sleepRecord()
                .encode(TestData.night(CUTOFF.minusDays(1), 400).build());
        int length = SINGLE_OBJECT_HEADER_BYTES; // clinicId is the first field: its length's varint starts the body
        assertThat(encoded[length] & 0x80).as("a one-byte varint").isZero();
        byte[] arrived = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, arrived, 0, length);
        arrived[length] = (byte) (encoded[length] | 0x80);
        arrived[length + 1] = 0;
        System.arraycopy(encoded, length + 1, arrived, length + 2, encoded.length - length - 1);
        assertThat(Codecs.sleepRecord().decode(arrived))
                .isEqualTo(Codecs.sleepRecord().decode(encoded));

        harness.rawSleep("clinic-a/c1", arrived);

        List<Rejection> rejected = rejections();
        assertThat(rejected).extracting(Rejection::getReason).containsExactly(RejectionReason.TOO_LATE);
        assertThat(bytes(rejected.get(0))).isEqualTo(arrived);
    }

    @Test
    void inputDatedMoreThanADayAfterItsIngestTimeIsInTheFuture() {
        // Feb 3 night: 23:00 CET = 22:00Z to Feb 4 06:00Z; s1 starts Feb 2 10:00 CET = 09:00Z
        SleepRecord feb3 = TestData.night(LocalDate.of(2026, 2, 3), 400).build();
        MassageSession s1 = TestData.session("s1", LocalDate.of(2026, 2, 2), LocalTime.of(10, 0))
                .build();
        Duration tolerance = Duration.ofDays(1);

        harness.sleep(feb3, feb3.getSleepEnd().minus(tolerance).minusMillis(1));
        harness.session(s1, s1.getStart().minus(tolerance).minusMillis(1));
        List<Rejection> early = rejections();
        assertThat(harness.newOutput()).isEmpty();
        harness.sleep(feb3, feb3.getSleepEnd().minus(tolerance));
        harness.session(s1, s1.getStart().minus(tolerance));

        assertThat(early)
                .extracting(Rejection::getReason)
                .containsExactly(RejectionReason.IN_FUTURE, RejectionReason.IN_FUTURE);
        assertThat(early).extracting(Rejection::getSourceTopic).containsExactly("sleep-records", "massage-sessions");
        assertThat(early.get(0).getDetail()).contains("2026-02-04T06:00:00Z");
        assertThat(rejections()).as("exactly one day ahead is tolerated").isEmpty();
        assertThat(harness.dashboardState()).hasSize(3);
    }

    @Test
    void aRejectedFutureRecordDoesNotMoveTheWatermark() {
        givenTheWatermarkAtJune2();
        SleepRecord mistypedYear = TestData.night(LocalDate.of(2027, 6, 1), 400).build();

        harness.sleep(mistypedYear, Instant.parse("2026-06-03T00:00:00Z"));

        assertThat(rejections()).extracting(Rejection::getReason).containsExactly(RejectionReason.IN_FUTURE);
        assertThat(harness.<Long>store(StoreNames.WATERMARK).values()).containsExactly(WATERMARK.toEpochMilli());
        assertThat(harness.<String>store(StoreNames.CLIENT_CLOCK)).containsEntry("clinic-a/c1", "2026-06-01");
        // had the watermark moved to 2027, the cutoff would be in 2027 and Apr 3 2026 too late
        harness.sleep(TestData.night(CUTOFF, 400).build());
        assertThat(rejections()).isEmpty();
    }

    @Test
    void theWatermarkNeverMovesBack() {
        givenTheWatermarkAtJune2();

        harness.sleep(TestData.night(CUTOFF.plusDays(5), 400).build());

        assertThat(harness.<Long>store(StoreNames.WATERMARK).values()).containsExactly(WATERMARK.toEpochMilli());
        harness.sleep(TestData.night(CUTOFF, 400).build());
        assertThat(rejections()).isEmpty();
    }

    /**
     * The current topology keeps one watermark per input topic (a backlog on one topic must not make the other's
     * records look old), which refines the contract's single task watermark.
     */
    @Test
    void eachInputTopicIsJudgedAgainstItsOwnWatermark() {
        givenTheWatermarkAtJune2();

        // a session on Aug 1 (10:00 CEST = 08:00Z): the session cutoff becomes Jun 2, the sleep cutoff stays Apr 3
        harness.session(TestData.session("s1", LocalDate.of(2026, 8, 1), LocalTime.of(10, 0))
                .build());
        harness.sleep(TestData.night(CUTOFF, 410).build());
        List<Rejection> afterSleep = rejections();
        harness.session(TestData.session("s0", JUN_1, LocalTime.of(10, 0)).build());
        List<Rejection> afterSession = rejections();

        assertThat(afterSleep).isEmpty();
        assertThat(afterSession).extracting(Rejection::getReason).containsExactly(RejectionReason.TOO_LATE);
        assertThat(afterSession.get(0).getSourceTopic()).isEqualTo("massage-sessions");
    }

    @Test
    void keepingEverythingAdmitsInputOfAnyAge() {
        try (TopologyHarness replay =
                new TopologyHarness(TopologySettings.defaults().keepingEverything())) {
            replay.sleep(TestData.night(JUN_1, 400).build());
            replay.sleep(TestData.night(LocalDate.of(2020, 1, 1), 400).build());
            replay.session(TestData.session("s1", LocalDate.of(2020, 1, 2), LocalTime.of(10, 0))
                    .build());

            assertThat(replay.rejections()).isEmpty();
            assertThat(replay.dashboardState()).hasSize(3);
        }
    }
}
