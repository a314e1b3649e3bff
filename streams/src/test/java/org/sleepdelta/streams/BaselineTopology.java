package org.sleepdelta.streams;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.codec.RecordCodec;

/**
 * What any consumer of the input topics must do, and no more: decode each record's bytes with the pipeline's codecs
 * and write one output record per input. The floor the real topology is measured against.
 */
final class BaselineTopology {
    static final String OUTPUT = "benchmark-baseline-output";

    private BaselineTopology() {}

    static Topology build() {
        Topology topology = new Topology();
        topology.addSource(
                "sleep-source",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.SLEEP_RECORDS);
        topology.addSource(
                "session-source",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.MASSAGE_SESSIONS);
        topology.addProcessor(
                "decode-sleep",
                () -> new Decode<>(Codecs.sleepRecord(), (SleepRecord r) -> r.getClinicId() + "/" + r.getClientId()),
                "sleep-source");
        topology.addProcessor(
                "decode-sessions",
                () -> new Decode<>(
                        Codecs.massageSession(), (MassageSession s) -> s.getClinicId() + "/" + s.getClientId()),
                "session-source");
        topology.addSink(
                "output",
                OUTPUT,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                "decode-sleep",
                "decode-sessions");
        return topology;
    }

    /** Decodes the value and forwards the input bytes under the key read from the decoded value. */
    private static final class Decode<T> implements Processor<String, byte[], String, byte[]> {
        private final RecordCodec<T> codec;
        private final Function<T, String> keyOf;
        private ProcessorContext<String, byte[]> context;

        Decode(RecordCodec<T> codec, Function<T, String> keyOf) {
            this.codec = codec;
            this.keyOf = keyOf;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            // Using the decoded value keeps the JIT from discarding the decode.
            context.forward(record.withKey(keyOf.apply(codec.decode(record.value()))));
        }
    }
}
