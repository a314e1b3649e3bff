package org.sleepdelta.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.SampleRecords;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

class CanonicalRecordsTest {
    private static final long NOW = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private final CanonicalRecords records = new CanonicalRecords("sleep-t", "sessions-t");

    @Test
    void sleepRecordIsKeyedByClientStampedWithItsEndAndCarriesTheIngestTime() {
        // given
        SleepRecord night = sleep("2026-03-09T22:00:00Z", "2026-03-10T06:00:00Z");

        // when
        ProducerRecord<String, byte[]> record = records.producerRecord(CanonicalRecord.of(night), NOW, null);

        // then
        assertThat(record.topic()).isEqualTo("sleep-t");
        assertThat(record.key()).isEqualTo("clinic-a/c1");
        assertThat(record.timestamp())
                .isEqualTo(Instant.parse("2026-03-10T06:00:00Z").toEpochMilli());
        assertThat(PipelineHeaders.ingestedAt(record.headers())).isEqualTo(NOW);
        assertThat(PipelineHeaders.origin(record.headers())).isNull();
        assertThat(Codecs.sleepRecord().decode(record.value())).isEqualTo(night);
    }

    @Test
    void timestampIsNeverLaterThanTheIngestTime() {
        // given a night that ends after "now"
        SleepRecord night = sleep("2026-03-10T10:00:00Z", "2026-03-10T18:00:00Z");

        // when
        ProducerRecord<String, byte[]> record = records.producerRecord(CanonicalRecord.of(night), NOW, "f.jsonl:3");

        // then
        assertThat(record.timestamp()).isEqualTo(NOW);
        assertThat(PipelineHeaders.origin(record.headers())).isEqualTo("f.jsonl:3");
    }

    @Test
    void deletionIsStampedWithTheIngestTime() {
        // given
        SleepRecord deletion = SampleRecords.deletionOfNight().build();

        // when
        ProducerRecord<String, byte[]> record = records.producerRecord(CanonicalRecord.of(deletion), NOW, null);

        // then
        assertThat(record.timestamp()).isEqualTo(NOW);
    }

    @Test
    void sessionIsKeyedByClientAndStampedWithItsStart() {
        // given
        MassageSession session = SampleRecords.session().build();

        // when
        ProducerRecord<String, byte[]> record = records.producerRecord(CanonicalRecord.of(session), NOW, null);

        // then
        assertThat(record.topic()).isEqualTo("sessions-t");
        assertThat(record.key()).isEqualTo("clinic-a/c1");
        assertThat(record.timestamp())
                .isEqualTo(Instant.parse("2026-03-09T17:00:00Z").toEpochMilli());
        assertThat(PipelineHeaders.ingestedAt(record.headers())).isEqualTo(NOW);
    }

    @Test
    void rejectionGoesToTheRejectionTopicKeyedLikeTheRecordAndStampedWithTheIngestTime() {
        // given
        CanonicalRecords withRejections = new CanonicalRecords("sleep-t", "sessions-t", "rejections-t");
        Rejection rejection = Rejection.newBuilder()
                .setReason(RejectionReason.TOO_LATE)
                .setField("sleepStart")
                .setDetail("sleepStart: is old")
                .setSourceFile("POST /v1/sleep-records")
                .setSourceLine(3L)
                .setRecordKey("clinic-a/c1")
                .setPayload(ByteBuffer.wrap(new byte[] {'{', '}'}))
                .setRejectedAt(Instant.ofEpochMilli(NOW))
                .build();

        // when
        ProducerRecord<String, byte[]> record = withRejections.rejection(rejection, "clinic-a/c1", NOW);

        // then
        assertThat(record.topic()).isEqualTo("rejections-t");
        assertThat(record.key()).isEqualTo("clinic-a/c1");
        assertThat(record.timestamp()).isEqualTo(NOW);
        assertThat(PipelineHeaders.ingestedAt(record.headers())).isEqualTo(NOW);
        assertThat(Codecs.rejection().decode(record.value())).isEqualTo(rejection);
        assertThat(records.rejection(rejection, null, NOW).topic()).isEqualTo(Topics.REJECTIONS);
    }

    private static SleepRecord sleep(String start, String end) {
        return SampleRecords.night()
                .setSleepStart(Instant.parse(start))
                .setSleepEnd(Instant.parse(end))
                .build();
    }
}
