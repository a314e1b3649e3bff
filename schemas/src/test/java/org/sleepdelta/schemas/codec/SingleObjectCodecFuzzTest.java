package org.sleepdelta.schemas.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Any bytes as a message on a topic, decoded by each record type's {@link SingleObjectCodec} as the streams app and
 * the sink decode what they consume. Allowed outcomes: a record, which then survives encoding and decoding unchanged
 * (so whatever was consumed can be produced again, e.g. wrapped in a rejection), or a
 * {@link RecordDecodingException}. Anything else escaping {@code decode} is a finding: an unchecked exception or an
 * {@code Error} (a StackOverflowError, an OutOfMemoryError under the fuzz profile's small heap) would be a poison pill.
 * <p>
 * Seeds are messages of every type, current and earlier schema versions (docs/testing.md#fuzzing).
 */
class SingleObjectCodecFuzzTest {
    private static final List<RecordCodec<?>> CODECS = List.of(
            Codecs.sleepRecord(),
            Codecs.massageSession(),
            Codecs.sleepChangeMetric(),
            Codecs.rejection(),
            Codecs.nightlySleep());

    @FuzzTest
    void decode(byte[] message) {
        for (RecordCodec<?> codec : CODECS) {
            roundTrip(codec, message);
        }
    }

    private static <T> void roundTrip(RecordCodec<T> codec, byte[] message) {
        T decoded;
        try {
            decoded = codec.decode(message);
        } catch (RecordDecodingException e) {
            return;
        }
        T again = codec.decode(codec.encode(decoded));
        if (!decoded.equals(again)) {
            throw new AssertionError(
                    "a decoded " + decoded.getClass().getSimpleName() + " changes when encoded and decoded again");
        }
    }
}
