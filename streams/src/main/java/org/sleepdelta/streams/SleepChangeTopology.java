package org.sleepdelta.streams;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.CodecSerde;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;

/**
 * The sleep-change topology: both input topics (co-partitioned by client) feed one stateful processor that
 * emits to the compacted dashboard topic; anything that cannot be processed goes to the rejection topic.
 * Processor and store names are fixed here because internal topic names derive from them.
 */
public final class SleepChangeTopology {
    static final String SLEEP_SOURCE = "sleep-records-source";
    static final String SESSION_SOURCE = "massage-sessions-source";
    static final String ERASURE_SOURCE = "client-erasures-source";
    static final String SKIP_ERASED_SLEEP = "skip-erased-sleep-records";
    static final String SKIP_ERASED_SESSIONS = "skip-erased-massage-sessions";
    static final String CLIENT_KEYS_SINK = "client-keys-sink";
    static final String DECODE_ERASURES = "decode-client-erasures";
    static final String DECODE_SLEEP = "decode-sleep-records";
    static final String DECODE_SESSIONS = "decode-massage-sessions";
    static final String SLEEP_CHANGE = "sleep-change";
    static final String DASHBOARD_SINK = "sleep-change-metrics-sink";
    static final String NIGHTLY_SINK = "nightly-sleep-sink";
    static final String REJECTIONS_SINK = "rejected-records-sink";
    static final String AUDIT_SINK = "erasure-audit-sink";

    private SleepChangeTopology() {}

    public static Topology build(TopologySettings settings) {
        return build(settings, TopologyMetrics.none());
    }

    /** Counting records in, rejections and dashboard output into {@code metrics} (see {@link TopologyMetrics}). */
    public static Topology build(TopologySettings settings, TopologyMetrics metrics) {
        return build(settings, metrics, Stores::persistentKeyValueStore);
    }

    /** With another kind of store: in-memory stores keep unit tests fast, where RocksDB would flush on every record. */
    static Topology build(TopologySettings settings, Function<String, KeyValueBytesStoreSupplier> stores) {
        return build(settings, TopologyMetrics.none(), stores);
    }

    /**
     * Opening encrypted input with {@code decryptor} (the service's {@link PayloadDecryptor} over the client key
     * directory); the other variants take plaintext only.
     */
    public static Topology build(TopologySettings settings, TopologyMetrics metrics, PayloadDecryptor decryptor) {
        return build(settings, metrics, Stores::persistentKeyValueStore, decryptor);
    }

    static Topology build(
            TopologySettings settings, TopologyMetrics metrics, Function<String, KeyValueBytesStoreSupplier> stores) {
        return build(settings, metrics, stores, PayloadDecryptor.plaintextOnly());
    }

    static Topology build(
            TopologySettings settings,
            TopologyMetrics metrics,
            Function<String, KeyValueBytesStoreSupplier> stores,
            PayloadDecryptor decryptor) {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        topology.addSource(SLEEP_SOURCE, keys.deserializer(), Serdes.ByteArray().deserializer(), Topics.SLEEP_RECORDS);
        topology.addSource(
                SESSION_SOURCE, keys.deserializer(), Serdes.ByteArray().deserializer(), Topics.MASSAGE_SESSIONS);
        // Erasure requests are keyed and partitioned like the inputs, so each reaches the task holding its client.
        topology.addSource(
                ERASURE_SOURCE, keys.deserializer(), Serdes.ByteArray().deserializer(), Topics.CLIENT_ERASURES);
        topology.addProcessor(
                SKIP_ERASED_SLEEP,
                () -> new ErasedClientFilter(
                        DECODE_SLEEP, CLIENT_KEYS_SINK, metrics.counters(), RecordCounters.Input.SLEEP),
                SLEEP_SOURCE);
        topology.addProcessor(
                SKIP_ERASED_SESSIONS,
                () -> new ErasedClientFilter(
                        DECODE_SESSIONS, CLIENT_KEYS_SINK, metrics.counters(), RecordCounters.Input.SESSION),
                SESSION_SOURCE);
        topology.addProcessor(
                DECODE_ERASURES,
                () -> new ErasureRequestDecoder(SLEEP_CHANGE, REJECTIONS_SINK, metrics.counters()),
                ERASURE_SOURCE);
        topology.addProcessor(
                DECODE_SLEEP,
                () -> new DecodeProcessor<>(
                        decryptor,
                        Codecs.sleepRecord(),
                        CanonicalRecord.Sleep::new,
                        SLEEP_CHANGE,
                        REJECTIONS_SINK,
                        metrics.counters(),
                        RecordCounters.Input.SLEEP),
                SKIP_ERASED_SLEEP);
        topology.addProcessor(
                DECODE_SESSIONS,
                () -> new DecodeProcessor<>(
                        decryptor,
                        Codecs.massageSession(),
                        CanonicalRecord.Session::new,
                        SLEEP_CHANGE,
                        REJECTIONS_SINK,
                        metrics.counters(),
                        RecordCounters.Input.SESSION),
                SKIP_ERASED_SESSIONS);
        topology.addProcessor(
                SLEEP_CHANGE,
                () -> new SleepChangeProcessor(
                        settings, DASHBOARD_SINK, NIGHTLY_SINK, REJECTIONS_SINK, AUDIT_SINK, metrics.counters()),
                DECODE_SLEEP,
                DECODE_SESSIONS,
                DECODE_ERASURES);
        addStores(topology, stores, settings);
        // The processor forwards the record already encoded with the dashboard codec (it keeps the same bytes in its
        // store).
        topology.addSink(
                DASHBOARD_SINK,
                Topics.SLEEP_CHANGE_METRICS,
                keys.serializer(),
                Serdes.ByteArray().serializer(),
                SLEEP_CHANGE);
        topology.addSink(
                NIGHTLY_SINK,
                Topics.NIGHTLY_SLEEP,
                keys.serializer(),
                new CodecSerde<>(Codecs.nightlySleep()).serializer(),
                SLEEP_CHANGE);
        topology.addSink(
                REJECTIONS_SINK,
                Topics.REJECTIONS,
                keys.serializer(),
                new CodecSerde<>(Codecs.rejection()).serializer(),
                DECODE_SLEEP,
                DECODE_SESSIONS,
                DECODE_ERASURES,
                SLEEP_CHANGE);
        // Written by the topology, so that under exactly-once the audit event commits with the deletions it reports.
        topology.addSink(
                AUDIT_SINK,
                Topics.ERASURE_AUDIT,
                keys.serializer(),
                Serdes.ByteArray().serializer(),
                SLEEP_CHANGE);
        // Tombstones for the data keys of records that arrive for an erased client (ErasedClientFilter).
        topology.addSink(
                CLIENT_KEYS_SINK,
                Topics.CLIENT_KEYS,
                keys.serializer(),
                Serdes.ByteArray().serializer(),
                SKIP_ERASED_SLEEP,
                SKIP_ERASED_SESSIONS);
        return topology;
    }

    private static void addStores(
            Topology topology, Function<String, KeyValueBytesStoreSupplier> store, TopologySettings settings) {
        Serde<String> text = Serdes.String();
        Serde<SleepRecord> sleep = new CodecSerde<>(Codecs.sleepRecord());
        Serde<MassageSession> session = new CodecSerde<>(Codecs.massageSession());
        Map<String, String> changelog = ChangelogTopicConfig.of(settings.changelogCompactionBound());
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.SLEEP_BY_NIGHT), text, sleep)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.SLEEP_NIGHT_INDEX), text, text)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.SESSIONS_BY_ID), text, session)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.SESSIONS_BY_START), text, session)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.CLIENT_CLOCK), text, text)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.EMITTED), text, EmittedState.serde())
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.WATERMARK), text, Serdes.Long())
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.OUTPUT_KEYS), text, text)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE);
        // Read by the filters in front of the decoders too: an erased client's records are dropped before decoding.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(StoreNames.ERASED_CLIENTS), text, text)
                        .withLoggingEnabled(changelog),
                SLEEP_CHANGE,
                SKIP_ERASED_SLEEP,
                SKIP_ERASED_SESSIONS);
    }
}
