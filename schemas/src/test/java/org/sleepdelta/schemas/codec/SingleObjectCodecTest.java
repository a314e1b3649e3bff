package org.sleepdelta.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

class SingleObjectCodecTest {
    private static final SleepRecord NIGHT = SleepRecord.newBuilder()
            .setClinicId("clinic-a")
            .setClientId("c1")
            .setSource(SleepSource.OURA)
            .setSourceRecordId("r1")
            .setSleepStart(Instant.parse("2026-03-02T22:10:00Z"))
            .setSleepEnd(Instant.parse("2026-03-03T06:00:00Z"))
            .setTimezone("Europe/Berlin")
            .setTotalSleepMinutes(420.5)
            .setHrvRmssdMs(41.0)
            .build();

    @Test
    void roundTripsARecordExactly() {
        byte[] bytes = Codecs.sleepRecord().encode(NIGHT);
        assertThat(Codecs.sleepRecord().decode(bytes)).isEqualTo(NIGHT);
    }

    @Test
    void messageStartsWithTheSingleObjectMarkerSoItNamesItsSchema() {
        byte[] bytes = Codecs.sleepRecord().encode(NIGHT);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void refusesARecordOfAnotherTypeWithAClearMessage() {
        MassageSession session = MassageSession.newBuilder()
                .setClinicId("k")
                .setClientId("c")
                .setSessionId("s")
                .setModality(Modality.THAI)
                .setStart(Instant.EPOCH)
                .setDurationMinutes(60)
                .setTimezone("UTC")
                .setStatus(SessionStatus.COMPLETED)
                .build();
        byte[] bytes = Codecs.massageSession().encode(session);
        assertThatThrownBy(() -> Codecs.sleepRecord().decode(bytes))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("not a SleepRecord");
    }

    @Test
    void refusesAShortRecordClaimingAHugeStringWithoutAllocatingIt() {
        byte[] good = Codecs.sleepRecord().encode(NIGHT);
        // Single-object header (2-byte marker + 8-byte fingerprint), then the first field, clinicId, whose
        // length prefix (a zig-zag varint) claims 2^30 bytes though only three follow.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(good, 0, 10);
        long zigzag = (1L << 30) << 1;
        while ((zigzag & ~0x7FL) != 0) {
            bytes.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        bytes.write((int) zigzag);
        bytes.writeBytes(new byte[] {'a', 'b', 'c'});

        assertThatThrownBy(() -> Codecs.sleepRecord().decode(bytes.toByteArray()))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("not a SleepRecord")
                .hasRootCauseInstanceOf(org.apache.avro.SystemLimitException.class);
    }

    @Test
    void refusesTrailingBytesAfterACompleteRecord() {
        byte[] good = Codecs.sleepRecord().encode(NIGHT);
        byte[] withTail = java.util.Arrays.copyOf(good, good.length + 3);
        byte[] twoRecords = java.util.Arrays.copyOf(good, good.length * 2);
        System.arraycopy(good, 0, twoRecords, good.length, good.length);

        assertThatThrownBy(() -> Codecs.sleepRecord().decode(withTail))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("not a SleepRecord: 3 trailing byte(s) after a complete record of " + good.length
                        + " bytes; a message must hold exactly one record");
        assertThatThrownBy(() -> Codecs.sleepRecord().decode(twoRecords))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining(good.length + " trailing byte(s)");
    }

    @Test
    void decodeLimitsAreSetForTheWholeJvm() {
        Codecs.sleepRecord();
        assertThat(System.getProperty("org.apache.avro.limits.string.maxLength"))
                .isEqualTo(Integer.toString(SingleObjectCodec.MAX_STRING_BYTES));
        assertThat(System.getProperty("org.apache.avro.limits.bytes.maxLength"))
                .isEqualTo(Integer.toString(SingleObjectCodec.MAX_BYTES));
        assertThat(System.getProperty("org.apache.avro.limits.collectionItems.maxLength"))
                .isEqualTo(Integer.toString(SingleObjectCodec.MAX_COLLECTION_ITEMS));
    }

    @Test
    void refusesGarbageAndEmptyValues() {
        assertThatThrownBy(() -> Codecs.sleepRecord().decode(new byte[] {1, 2, 3}))
                .isInstanceOf(RecordDecodingException.class);
        assertThatThrownBy(() -> Codecs.sleepRecord().decode(null))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("empty value");
    }

    @Test
    void serdeKeepsTombstonesAndReportsTheTopicOnBadBytes() {
        CodecSerde<SleepRecord> serde = new CodecSerde<>(Codecs.sleepRecord());
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("sleep-records", new byte[] {9}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("sleep-records: ");
    }
}
