package org.sleepdelta.schemas.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary with single-object encoding: each message starts with the 64-bit fingerprint of the
 * writer's schema, so a message names its schema without a registry. Older released writer schemas
 * are resolved to the current reader schema.
 */
public final class SingleObjectCodec<T extends SpecificRecord> implements RecordCodec<T> {
    /**
     * Largest string Avro may decode: 1 MiB. Our longest legitimate strings are ids (at most 64
     * characters), time zones and a rejection's detail text; Kafka refuses a message over 1 MB anyway.
     */
    static final int MAX_STRING_BYTES = 1 << 20;

    /**
     * Largest bytes value Avro may decode: 2 MiB. The only bytes field is a rejection's payload, capped
     * at 64 KiB by the streams app today; older rejections may hold up to a whole 1 MB Kafka message.
     */
    static final int MAX_BYTES = 2 << 20;

    /** Most items in one array or map: 10,000. No released schema has an array or a map yet. */
    static final int MAX_COLLECTION_ITEMS = 10_000;

    static {
        // Avro reads these system properties once, when org.apache.avro.SystemLimitException is first
        // initialised (at the first string, bytes or collection it decodes), and defaults to ~2^31: a short
        // message claiming a 2 GB string would make the decoder allocate it. They are JVM-wide, so they are
        // set here, before any decoding in this JVM goes through a codec; an operator's own -D values win.
        limit("org.apache.avro.limits.string.maxLength", MAX_STRING_BYTES);
        limit("org.apache.avro.limits.bytes.maxLength", MAX_BYTES);
        limit("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
    }

    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectCodec(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        SchemaStore.Cache released = new SchemaStore.Cache();
        ReleasedSchemas.of(schema.getName()).forEach(released::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, released);
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new RecordDecodingException("empty value where a " + schema.getName() + " was expected", null);
        }
        try {
            // Decoded from a stream, not the array, so that what is left after the record can be seen: Avro's
            // decode(byte[]) stops after the last field and silently ignores trailing bytes, so two values glued
            // together, or a record with garbage appended, would pass as the first one.
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            T value = decoder.decode(in, null);
            int trailing = in.available();
            if (trailing > 0) {
                throw new RecordDecodingException(
                        "not a " + schema.getName() + ": " + trailing + " trailing byte(s) after a complete record of "
                                + (bytes.length - trailing) + " bytes; a message must hold exactly one record",
                        null);
            }
            return value;
        } catch (RecordDecodingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(
                    "not a " + schema.getName() + " in any released schema version: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                    e);
        }
    }
}
