package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.streams.TestData.key;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.codec.RecordCodec;

/**
 * A poison pill (a record whose bytes make decoding fail in any way) becomes an {@code UNDECODABLE} rejection with a
 * size-capped copy of its bytes, and the records after it are still processed: the stream thread never dies of one.
 */
class PoisonPillTest {
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

    private void thenAGoodRecordIsStillProcessed() {
        harness.sleep(feb3);
        assertThat(harness.newOutput()).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        assertThat(harness.rejectionRecords()).isEmpty();
    }

    private static byte[] payload(Rejection r) {
        var buffer = r.getPayload().duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    /** A real single-object SleepRecord whose first string, clinicId, claims 2^30 bytes; three follow. */
    static byte[] hugeStringClaim() {
        byte[] good = Codecs.sleepRecord().encode(TestData.night(N0, 420).build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(good, 0, 10);
        long zigzag = (1L << 30) << 1;
        while ((zigzag & ~0x7FL) != 0) {
            bytes.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        bytes.write((int) zigzag);
        bytes.writeBytes(new byte[] {'a', 'b', 'c'});
        return bytes.toByteArray();
    }

    @Test
    void aRecordClaimingAHugeStringIsRejectedAsUndecodable() {
        byte[] pill = hugeStringClaim();

        harness.rawSleep(CLIENT_KEY, pill);

        List<Rejection> rejections = harness.rejections();
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(rejections.get(0).getDetail()).contains("SystemLimitException");
        assertThat(payload(rejections.get(0))).isEqualTo(pill);
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void aValueNearOneMegabyteIsRejectedWithOnlyItsFirst64KibKept() {
        byte[] pill = Codecs.sleepRecord().encode(feb3);
        pill = Arrays.copyOf(pill, 1_000_000);
        Arrays.fill(pill, 10, pill.length, (byte) 0xFF);

        harness.rawSleep(CLIENT_KEY, pill);

        List<Rejection> rejections = harness.rejections();
        assertThat(rejections).hasSize(1);
        Rejection r = rejections.get(0);
        assertThat(r.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(payload(r)).hasSize(65_536).isEqualTo(Arrays.copyOf(pill, 65_536));
        assertThat(r.getDetail()).contains("payload truncated to its first 65536 of 1000000 bytes");
        assertThat(Codecs.rejection().encode(r).length).isLessThan(100_000);
        thenAGoodRecordIsStillProcessed();
    }

    @Test
    void aRecordWithTrailingBytesIsRejectedAsUndecodable() {
        byte[] good = Codecs.sleepRecord().encode(TestData.night(N0, 420).build());
        byte[] pill = Arrays.copyOf(good, good.length + 5);

        harness.rawSleep(CLIENT_KEY, pill);

        List<Rejection> rejections = harness.rejections();
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(rejections.get(0).getDetail()).contains("5 trailing byte(s)");
        assertThat(payload(rejections.get(0))).isEqualTo(pill);
        thenAGoodRecordIsStillProcessed();
    }

    // No byte sequence known to us makes Avro throw a non-VM Error, so the codec seam stands in for one.

    private static MockProcessorContext<String, Object> decode(RecordCodec<SleepRecord> codec, byte[] value) {
        DecodeProcessor<SleepRecord> processor = new DecodeProcessor<>(
                org.sleepdelta.schemas.crypto.PayloadDecryptor.plaintextOnly(),
                codec,
                CanonicalRecord.Sleep::new,
                "events",
                "rejections",
                new RecordCounters(new SimpleMeterRegistry()),
                RecordCounters.Input.SLEEP);
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setRecordMetadata("sleep-records", 0, 7L);
        processor.init(context);
        processor.process(new Record<>(CLIENT_KEY, value, 0L));
        return context;
    }

    private static RecordCodec<SleepRecord> throwing(Throwable failure) {
        return new RecordCodec<>() {
            @Override
            public byte[] encode(SleepRecord value) {
                throw new UnsupportedOperationException();
            }

            @Override
            public SleepRecord decode(byte[] bytes) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    @Test
    void anErrorFromTheDecoderBecomesAnUndecodableRejection() {
        byte[] value = {1, 2, 3};
        var context = decode(throwing(new AssertionError("decoder invariant broken")), value);

        assertThat(context.forwarded()).hasSize(1);
        var forwarded = context.forwarded().get(0);
        assertThat(forwarded.childName()).hasValue("rejections");
        Rejection r = (Rejection) forwarded.record().value();
        assertThat(r.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(r.getDetail()).contains("java.lang.AssertionError").contains("decoder invariant broken");
        assertThat(r.getSourceOffset()).isEqualTo(7L);
        assertThat(payload(r)).isEqualTo(value);
    }

    @Test
    void anUncheckedExceptionFromTheDecoderBecomesAnUndecodableRejection() {
        var context = decode(throwing(new IllegalStateException("boom")), new byte[] {1});

        Rejection r = (Rejection) context.forwarded().get(0).record().value();
        assertThat(r.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(r.getDetail()).contains("IllegalStateException");
    }

    @Test
    void virtualMachineAndLinkageErrorsStillFailTheThread() {
        assertThatThrownBy(() -> decode(throwing(new OutOfMemoryError("heap")), new byte[] {1}))
                .isInstanceOf(OutOfMemoryError.class);
        assertThatThrownBy(() -> decode(throwing(new StackOverflowError()), new byte[] {1}))
                .isInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> decode(throwing(new NoClassDefFoundError("x")), new byte[] {1}))
                .isInstanceOf(NoClassDefFoundError.class);
    }
}
