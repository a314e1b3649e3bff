package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.dashboard.sink.SinkRejection.Reason;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureRequest;

class RecordReaderTest {
    private static final SinkTopics TOPICS = new SinkTopics("metrics", "nights", "erasures", "audit");
    private static final MetricKey KEY = SleepData.key("clinic-a", "c1", "s1", MetricWindow.WEEK_1);
    private static final NightKey NIGHT = SleepData.nightKey("clinic-a", "c1", SleepData.FIRST_NIGHT);

    private final RecordReader reader = new RecordReader(TOPICS);

    @Test
    void aSleepChangeRecordCarriesItsKeyValueAndIngestTime() {
        // given
        byte[] value = Codecs.sleepChangeMetric().encode(SleepData.metric(KEY, 3, 1));
        RecordHeaders headers = new RecordHeaders();
        PipelineHeaders.setIngestedAt(headers, 1_700_000_000_000L);

        // when
        SinkRecord read = reader.read(record("metrics", "clinic-a/c1/s1/WEEK_1", value, headers));

        // then
        assertThat(read).isInstanceOfSatisfying(SinkRecord.SleepChange.class, change -> {
            assertThat(change.key()).isEqualTo(KEY);
            assertThat(change.value().getRevision()).isEqualTo(3);
            assertThat(change.ingestedAt()).isEqualTo(1_700_000_000_000L);
        });
    }

    @Test
    void tombstonesOfBothTopicsAreDeletes() {
        // when
        SinkRecord metric = reader.read(record("metrics", "clinic-a/c1/s1/WEEK_1", null, new RecordHeaders()));
        SinkRecord night = reader.read(record("nights", "clinic-a/c1/2026-03-02", null, new RecordHeaders()));

        // then
        assertThat(metric).isEqualTo(new SinkRecord.SleepChange(KEY, null, -1));
        assertThat(night).isEqualTo(new SinkRecord.Night(NIGHT, null));
    }

    @Test
    void bytesThatAreNoRecordOfTheTopicAreRejectedAsUndecodable() {
        // given: a valid NightlySleep on the metrics topic, and bytes that are no Avro at all
        byte[] night = Codecs.nightlySleep().encode(SleepData.night(NIGHT, 400));
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        // when
        SinkRecord wrongType = reader.read(record("metrics", "clinic-a/c1/s1/WEEK_1", night, new RecordHeaders()));
        SinkRecord noAvro = reader.read(record("nights", "clinic-a/c1/2026-03-02", garbage, new RecordHeaders()));

        // then
        assertThat(rejection(wrongType).reason()).isEqualTo(Reason.UNDECODABLE);
        assertThat(rejection(noAvro).reason()).isEqualTo(Reason.UNDECODABLE);
        assertThat(rejection(noAvro).value()).isEqualTo(garbage);
        assertThat(rejection(noAvro).location()).isEqualTo("nights-2@42");
    }

    @Test
    void keysThatAreNotKeysOfTheTopicAreRejected() {
        // given
        byte[] value = Codecs.sleepChangeMetric().encode(SleepData.metric(KEY, 1, 1));

        // then
        assertThat(rejection(reader.read(record("metrics", null, value, new RecordHeaders())))
                        .reason())
                .isEqualTo(Reason.INVALID_KEY);
        assertThat(rejection(reader.read(record("metrics", "clinic-a/c1/s1", value, new RecordHeaders())))
                        .reason())
                .isEqualTo(Reason.INVALID_KEY);
        assertThat(rejection(reader.read(record("metrics", "clinic-a/c1/s1/WEEK_9", null, new RecordHeaders())))
                        .reason())
                .isEqualTo(Reason.INVALID_KEY);
        assertThat(rejection(reader.read(record("nights", "clinic-a/c1/2026-3-2", null, new RecordHeaders())))
                        .reason())
                .isEqualTo(Reason.INVALID_KEY);
        assertThat(rejection(reader.read(record("nights", "clinic-a/c1/2026-02-30", null, new RecordHeaders())))
                        .reason())
                .isEqualTo(Reason.INVALID_KEY);
    }

    @Test
    void aValueUnderAnotherKeyIsRejectedNamingTheFieldsButNotTheirValues() {
        // given
        MetricKey elsewhere = SleepData.key("clinic-b", "c1", "s1", MetricWindow.NIGHT_0);
        byte[] value = Codecs.sleepChangeMetric().encode(SleepData.metric(elsewhere, 1, 1));

        // when
        SinkRejection rejection =
                rejection(reader.read(record("metrics", "clinic-a/c1/s1/WEEK_1", value, new RecordHeaders())));

        // then
        assertThat(rejection.reason()).isEqualTo(Reason.KEY_MISMATCH);
        assertThat(rejection.detail()).contains("clinicId", "window").doesNotContain("clinic-b");
    }

    @Test
    void aNightUnderAnotherNightsKeyIsRejected() {
        // given
        byte[] value = Codecs.nightlySleep().encode(SleepData.night(NIGHT, 400));

        // when
        SinkRecord read = reader.read(record("nights", "clinic-a/c1/2026-03-03", value, new RecordHeaders()));

        // then
        assertThat(rejection(read).reason()).isEqualTo(Reason.KEY_MISMATCH);
        assertThat(rejection(read).detail()).contains("night");
    }

    private static SinkRejection rejection(SinkRecord record) {
        assertThat(record).isInstanceOf(SinkRecord.Rejected.class);
        return ((SinkRecord.Rejected) record).rejection();
    }

    @Test
    void anErasureRequestIsReadAndOneThatCannotBeIsRejectedNamingTheFieldNotTheValue() {
        // given
        ErasureRequest erase = ErasureRequest.of(
                new ClientKey("clinic-a", "c1"), ErasureAction.ERASE, Instant.parse("2026-03-02T10:00:00Z"), "cli:x");
        String noClient = new String(erase.encode(), StandardCharsets.UTF_8).replace("\"clientId\":\"c1\",", "");

        // when
        SinkRecord read = reader.read(record("erasures", "clinic-a/c1", erase.encode(), new RecordHeaders()));
        SinkRecord withoutClient = reader.read(
                record("erasures", "clinic-a/c1", noClient.getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
        SinkRecord badKey = reader.read(record("erasures", "clinic-a/c1/extra", erase.encode(), new RecordHeaders()));
        SinkRecord otherClient = reader.read(record("erasures", "clinic-a/c2", erase.encode(), new RecordHeaders()));
        SinkRecord tombstone = reader.read(record("erasures", "clinic-a/c1", null, new RecordHeaders()));

        // then
        assertThat(read).isEqualTo(new SinkRecord.Erasure(erase));
        assertThat(reason(withoutClient)).isEqualTo(Reason.UNDECODABLE);
        assertThat(((SinkRecord.Rejected) withoutClient).rejection().detail()).isEqualTo("clientId: must be a string");
        assertThat(reason(badKey)).isEqualTo(Reason.INVALID_KEY);
        assertThat(reason(otherClient)).isEqualTo(Reason.KEY_MISMATCH);
        assertThat(((SinkRecord.Rejected) otherClient).rejection().detail()).doesNotContain("c1", "c2");
        assertThat(reason(tombstone)).isEqualTo(Reason.UNDECODABLE);
        assertThat(reader.readsErasures("erasures")).isTrue();
    }

    @Test
    void aRejectionNamesTheClientsOfItsKeyAndOfAValueThatCanBeRead() {
        // given: a night of c2 under a key of c1, and a night of c1 under a broken key
        byte[] nightOfC2 = Codecs.nightlySleep()
                .encode(SleepData.night(SleepData.nightKey("clinic-a", "c2", SleepData.FIRST_NIGHT), 400));
        byte[] nightOfC1 = Codecs.nightlySleep().encode(SleepData.night(NIGHT, 400));

        // when
        SinkRecord mismatch = reader.read(record("nights", "clinic-a/c1/2026-03-02", nightOfC2, new RecordHeaders()));
        SinkRecord brokenKey = reader.read(record("nights", "no key", nightOfC1, new RecordHeaders()));

        // then
        assertThat(((SinkRecord.Rejected) mismatch).rejection().clients())
                .containsExactlyInAnyOrder(new ClientKey("clinic-a", "c1"), new ClientKey("clinic-a", "c2"));
        assertThat(((SinkRecord.Rejected) brokenKey).rejection().clients())
                .containsExactly(new ClientKey("clinic-a", "c1"));
    }

    private static Reason reason(SinkRecord record) {
        return ((SinkRecord.Rejected) record).rejection().reason();
    }

    private static ConsumerRecord<byte[], byte[]> record(
            String topic, String key, byte[] value, RecordHeaders headers) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(
                topic,
                2,
                42,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                keyBytes == null ? -1 : keyBytes.length,
                value == null ? -1 : value.length,
                keyBytes,
                value,
                headers,
                Optional.empty());
    }
}
