package org.sleepdelta.streams;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * What the dashboard last received for one key: the record, or null after a tombstone. The revision
 * survives a tombstone so a key that comes back continues counting, and a sink can never mistake a
 * re-created key for an older one. {@code firstNight} (the session's N0) lets retention drop a key together with its
 * session, without decoding.
 *
 * <p>Read from the store, the record stays encoded until {@link #metric} is asked for: most reads (the undo log's, the
 * sweep's, an erasure's) need only the revision, the night or whether the key is live, and decoding the record was a
 * visible share of every input's cost.
 */
final class EmittedState {
    private static final int HEADER_BYTES = 12;

    private final long revision;
    private final LocalDate firstNight;
    private final boolean live;
    private SleepChangeMetric metric;
    private final byte[] encoded;

    EmittedState(long revision, LocalDate firstNight, SleepChangeMetric metric) {
        this(revision, firstNight, metric != null, metric, null);
    }

    /** A live emission whose record is at hand both decoded and encoded: the store keeps those bytes, unencoded again. */
    static EmittedState of(long revision, LocalDate firstNight, SleepChangeMetric metric, byte[] encoded) {
        return new EmittedState(revision, firstNight, true, metric, encoded);
    }

    /** The record as the dashboard topic receives it (encoded once), or null after a tombstone. */
    byte[] encoded() {
        if (!live) {
            return null;
        }
        return encoded != null ? encoded : Codecs.sleepChangeMetric().encode(metric);
    }

    private EmittedState(long revision, LocalDate firstNight, boolean live, SleepChangeMetric metric, byte[] encoded) {
        this.revision = revision;
        this.firstNight = firstNight;
        this.live = live;
        this.metric = metric;
        this.encoded = encoded;
    }

    long revision() {
        return revision;
    }

    LocalDate firstNight() {
        return firstNight;
    }

    /** Whether the dashboard holds a record for the key (not a tombstone). */
    boolean live() {
        return live;
    }

    /** The record last sent, or null after a tombstone; decoded on first use. */
    SleepChangeMetric metric() {
        if (metric == null && live) {
            metric = Codecs.sleepChangeMetric().decode(encoded);
        }
        return metric;
    }

    /** By value, as the record it replaced: the same revision, night and record. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EmittedState other
                && revision == other.revision
                && firstNight.equals(other.firstNight)
                && live == other.live
                && Objects.equals(metric(), other.metric());
    }

    @Override
    public int hashCode() {
        return Objects.hash(revision, firstNight, live);
    }

    @Override
    public String toString() {
        return "EmittedState[revision=" + revision + ", firstNight=" + firstNight + ", live=" + live + "]";
    }

    static Serde<EmittedState> serde() {
        Serializer<EmittedState> serializer = (topic, state) -> {
            if (state == null) {
                return null;
            }
            byte[] body = !state.live
                    ? new byte[0]
                    : state.encoded != null
                            ? state.encoded
                            : Codecs.sleepChangeMetric().encode(state.metric);
            return ByteBuffer.allocate(HEADER_BYTES + body.length)
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
            boolean live = bytes.length > HEADER_BYTES;
            byte[] body = live ? Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length) : null;
            return new EmittedState(revision, firstNight, live, null, body);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
