package org.sleepdelta.streams;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * What the dashboard last received for one key: the record, or null after a tombstone. The revision
 * survives a tombstone so a key that comes back continues counting, and a sink can never mistake a
 * re-created key for an older one. {@code firstNight} (the session's N0) lets retention drop a key together with its session, without decoding.
 */
record EmittedState(long revision, LocalDate firstNight, SleepChangeMetric metric) {

    static Serde<EmittedState> serde() {
        Serializer<EmittedState> serializer = (topic, state) -> {
            if (state == null) {
                return null;
            }
            byte[] body = state.metric == null
                    ? new byte[0]
                    : Codecs.sleepChangeMetric().encode(state.metric);
            return ByteBuffer.allocate(12 + body.length)
                    .putLong(state.revision)
                    .putInt((int) state.firstNight.toEpochDay())
                    .put(body)
                    .array();
        };
        Deserializer<EmittedState> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long revision = in.getLong();
            LocalDate firstNight = LocalDate.ofEpochDay(in.getInt());
            SleepChangeMetric metric = bytes.length == 12
                    ? null
                    : Codecs.sleepChangeMetric().decode(Arrays.copyOfRange(bytes, 12, bytes.length));
            return new EmittedState(revision, firstNight, metric);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
