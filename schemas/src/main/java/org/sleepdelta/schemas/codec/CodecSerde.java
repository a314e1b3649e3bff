package org.sleepdelta.schemas.codec;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde over a {@link RecordCodec}; null stays null so tombstones pass through. */
public final class CodecSerde<T> implements Serde<T> {
    private final RecordCodec<T> codec;

    public CodecSerde(RecordCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : codec.encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return codec.decode(bytes);
            } catch (RecordDecodingException e) {
                throw new SerializationException(topic + ": " + e.getMessage(), e);
            }
        };
    }
}
