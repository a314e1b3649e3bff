package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.streams.TestData.key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * Records that cannot be processed go to {@code rejected-records} with the reason, where they came from and their
 * original bytes, and never stop the processing of the records after them.
 *
 * <p>Given session s1 of clinic-a/c1 on 2026-02-02, already on the dashboard; Feb 3 lies in its WEEK_1.
 */
class RejectionTest {
    static final LocalDate N0 = LocalDate.of(2026, 2, 2);
    static final String CLIENT_KEY = "clinic-a/c1";

    private final TopologyHarness harness = new TopologyHarness();
    private final SleepRecord feb3 = TestData.night(N0.plusDays(1), 420).build();

    @BeforeEach
    void givenASessionOnTheDashboard() {
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        assertThat(harness.newOutput()).hasSize(3);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private static byte[] bytes(Rejection r) {
        ByteBuffer payload = r.getPayload().duplicate();
        byte[] out = new byte[payload.remaining()];
        payload.get(out);
        return out;
    }

    private Rejection onlyRejection() {
        List<TestRecord<String, Rejection>> rejections = harness.rejectionRecords();
        assertThat(rejections).hasSize(1);
        return rejections.get(0).value();
    }

    /** The record that proves processing went on: Feb 3 re-emits WEEK_1. */
    private void thenAGoodRecordIsStillProcessed() {
        harness.sleep(feb3);
        assertThat(harness.newOutput()).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        assertThat(harness.rejectionRecords()).isEmpty();
    }

    @Test
    void aRecordOfAnotherClinicUnderThisClientsKeyIsRejectedAsWrongKey() {
        byte[] payload = Codecs.sleepRecord()
                .encode(SleepRecord.newBuilder(feb3).setClinicId("clinic-b").build());

        harness.rawSleep(CLIENT_KEY, payload);

        Rejection r = onlyRejection();
        assertThat(r.getReason()).isEqualTo(RejectionReason.WRONG_KEY);
        assertThat(r.getRecordKey()).isEqualTo(CLIENT_KEY);
        assertThat(r.getSourceTopic()).isEqualTo("sleep-records");
        assertThat(r.getSourcePartition()).isZero();
        assertThat(r.getSourceOffset()).isZero();
        assertThat(bytes(r)).isEqualTo(payload);
        assertThat(r.getDetail()).contains("clinicId/clientId");
        assertThat(harness.newOutput()).as("neither clinic's dashboard changes").isEmpty();
        assertThat(harness.store(StoreNames.SLEEP_BY_NIGHT))
                .as("nothing stored")
                .isEmpty();
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void aSessionUnderAnotherClientsKeyIsRejectedAsWrongKey() {
        MassageSession other = TestData.session("s2", N0.plusDays(3), LocalTime.of(10, 0))
                .setClientId("c2")
                .build();

        harness.rawSession(CLIENT_KEY, Codecs.massageSession().encode(other));
        harness.rawSession(null, Codecs.massageSession().encode(other));

        List<TestRecord<String, Rejection>> rejections = harness.rejectionRecords();
        assertThat(rejections)
                .extracting(r -> r.value().getReason())
                .containsExactly(RejectionReason.WRONG_KEY, RejectionReason.WRONG_KEY);
        assertThat(rejections).extracting(r -> r.value().getSourceTopic()).containsOnly("massage-sessions");
        assertThat(rejections.get(1).value().getRecordKey()).isNull();
        assertThat(harness.newOutput()).isEmpty();
        assertThat(harness.store(StoreNames.SESSIONS_BY_ID)).containsOnlyKeys("clinic-a/c1/s1");
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void undecodableBytesAreRejectedWithTheirOriginalBytes() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        harness.rawSleep(CLIENT_KEY, garbage);

        Rejection r = onlyRejection();
        assertThat(r.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(r.getField()).isNull();
        assertThat(r.getDetail()).contains("SleepRecord");
        assertThat(bytes(r)).isEqualTo(garbage);
        assertThat(r.getRecordKey()).isEqualTo(CLIENT_KEY);
        assertThat(r.getRejectedAt()).isNotNull();
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void aSessionOnTheSleepTopicAndAnEmptyValueAreUndecodable() {
        harness.rawSleep(
                CLIENT_KEY,
                Codecs.massageSession()
                        .encode(TestData.session("s9", N0, LocalTime.NOON).build()));
        harness.rawSleep(CLIENT_KEY, null);
        harness.rawSession(CLIENT_KEY, new byte[] {1, 2, 3});

        List<TestRecord<String, Rejection>> rejections = harness.rejectionRecords();
        assertThat(rejections).extracting(r -> r.value().getReason()).containsOnly(RejectionReason.UNDECODABLE);
        assertThat(rejections)
                .extracting(r -> r.value().getSourceTopic())
                .containsExactly("sleep-records", "sleep-records", "massage-sessions");
        assertThat(rejections).extracting(r -> r.value().getSourceOffset()).containsExactly(0L, 1L, 1L);
        assertThat(rejections.get(1).value().getPayload()).isNull();
        assertThat(harness.newOutput()).isEmpty();
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void aContractViolationNamesTheOffendingField() {
        SleepRecord endsBeforeItStarts = SleepRecord.newBuilder(feb3)
                .setSleepEnd(feb3.getSleepStart().minusSeconds(60))
                .build();
        byte[] payload = Codecs.sleepRecord().encode(endsBeforeItStarts);

        harness.rawSleep(CLIENT_KEY, payload);

        Rejection r = onlyRejection();
        assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID);
        assertThat(r.getField()).isEqualTo("sleepEnd");
        assertThat(r.getDetail()).contains("must be after sleepStart");
        assertThat(bytes(r)).isEqualTo(payload);
        assertThat(harness.newOutput()).isEmpty();
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void severalViolationsAreAllListedWithoutASingleField() {
        SleepRecord twoProblems = SleepRecord.newBuilder(feb3)
                .setTimezone("Mars/Olympus_Mons")
                .setTotalSleepMinutes(-5.0)
                .build();

        harness.sleep(twoProblems);

        Rejection r = onlyRejection();
        assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID);
        assertThat(r.getField()).isNull();
        assertThat(r.getDetail()).contains("timezone").contains("totalSleepMinutes");
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void anInvalidSessionEditIsRejectedAndTheSessionStaysAsItWas() {
        MassageSession tooShort = TestData.session("s1", N0, LocalTime.of(10, 0))
                .setDurationMinutes(2)
                .build();

        harness.session(tooShort);

        Rejection r = onlyRejection();
        assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID);
        assertThat(r.getField()).isEqualTo("durationMinutes");
        assertThat(r.getSourceTopic()).isEqualTo("massage-sessions");
        assertThat(harness.newOutput()).isEmpty();
        assertThat(harness.store(StoreNames.SESSIONS_BY_ID).get("clinic-a/c1/s1"))
                .isEqualTo(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        thenAGoodRecordIsStillProcessed();
    }
}
