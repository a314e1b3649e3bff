package org.sleepdelta.schemas.codec;

/**
 * The one seam between record objects and bytes on a topic. Today: Avro single-object encoding
 * ({@link SingleObjectCodec}); a schema-registry codec can be plugged in here later without touching callers.
 */
public interface RecordCodec<T> {
    byte[] encode(T value);

    /** @throws RecordDecodingException when the bytes are not a record of this type in any known schema version */
    T decode(byte[] bytes);
}
