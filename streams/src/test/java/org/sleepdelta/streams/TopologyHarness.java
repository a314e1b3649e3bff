package org.sleepdelta.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.CodecSerde;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/** The topology under a TopologyTestDriver, fed and read the way producers and the sink would. */
final class TopologyHarness implements AutoCloseable {
    /** Ingest time used unless a test says otherwise: after all test data, so nothing is "in the future". */
    static final Instant INGESTED = Instant.parse("2030-01-01T00:00:00Z");

    final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> sleepIn;
    private final TestInputTopic<String, byte[]> sessionsIn;
    private final TestInputTopic<String, byte[]> erasuresIn;
    private final TestOutputTopic<String, byte[]> audit;
    private final TestOutputTopic<String, byte[]> clientKeys;
    private final TestOutputTopic<String, SleepChangeMetric> dashboard;
    private final TestOutputTopic<String, Rejection> rejections;
    private final TestOutputTopic<String, NightlySleep> nightly;
    private final Map<String, NightlySleep> nightlyState = new HashMap<>();
    private final Path stateDir;
    private final Map<String, SleepChangeMetric> state = new HashMap<>();
    private final List<TestRecord<String, SleepChangeMetric>> emitted = new ArrayList<>();

    TopologyHarness(TopologySettings settings) {
        this(settings, TopologyMetrics.none());
    }

    TopologyHarness(TopologySettings settings, TopologyMetrics metrics) {
        this(settings, metrics, Stores::inMemoryKeyValueStore);
    }

    /** With other stores, e.g. one that fails on purpose. */
    TopologyHarness(
            TopologySettings settings, TopologyMetrics metrics, Function<String, KeyValueBytesStoreSupplier> stores) {
        this(settings, metrics, stores, PayloadDecryptor.plaintextOnly());
    }

    /** Opening encrypted input with {@code decryptor}. */
    TopologyHarness(TopologySettings settings, TopologyMetrics metrics, PayloadDecryptor decryptor) {
        this(settings, metrics, Stores::inMemoryKeyValueStore, decryptor);
    }

    private TopologyHarness(
            TopologySettings settings,
            TopologyMetrics metrics,
            Function<String, KeyValueBytesStoreSupplier> stores,
            PayloadDecryptor decryptor) {
        try {
            stateDir = Files.createTempDirectory("sleepdelta-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sleepdelta-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                SleepChangeTopology.build(settings, metrics, stores, decryptor), props, INGESTED);
        sleepIn = driver.createInputTopic(
                Topics.SLEEP_RECORDS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        sessionsIn = driver.createInputTopic(
                Topics.MASSAGE_SESSIONS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        erasuresIn = driver.createInputTopic(
                Topics.CLIENT_ERASURES,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        audit = driver.createOutputTopic(
                Topics.ERASURE_AUDIT,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        clientKeys = driver.createOutputTopic(
                Topics.CLIENT_KEYS,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        dashboard = driver.createOutputTopic(
                Topics.SLEEP_CHANGE_METRICS,
                Serdes.String().deserializer(),
                new CodecSerde<>(Codecs.sleepChangeMetric()).deserializer());
        nightly = driver.createOutputTopic(
                Topics.NIGHTLY_SLEEP,
                Serdes.String().deserializer(),
                new CodecSerde<>(Codecs.nightlySleep()).deserializer());
        rejections = driver.createOutputTopic(
                Topics.REJECTIONS, Serdes.String().deserializer(), new CodecSerde<>(Codecs.rejection()).deserializer());
    }

    TopologyHarness() {
        this(TopologySettings.defaults().keepingEverything());
    }

    TopologyHarness sleep(SleepRecord record) {
        return sleep(record, INGESTED);
    }

    TopologyHarness sleep(SleepRecord record, Instant ingested) {
        sleepIn.pipeInput(
                record.getClinicId() + "/" + record.getClientId(),
                Codecs.sleepRecord().encode(record),
                ingested);
        return this;
    }

    TopologyHarness session(MassageSession session) {
        return session(session, INGESTED);
    }

    TopologyHarness session(MassageSession session, Instant ingested) {
        sessionsIn.pipeInput(
                session.getClinicId() + "/" + session.getClientId(),
                Codecs.massageSession().encode(session),
                ingested);
        return this;
    }

    /** A sleep record with headers, as a producer that stamps its own metadata would send it. */
    TopologyHarness sleep(SleepRecord record, Instant ingested, Headers headers) {
        sleepIn.pipeInput(new TestRecord<>(
                record.getClinicId() + "/" + record.getClientId(),
                Codecs.sleepRecord().encode(record),
                headers,
                ingested));
        return this;
    }

    /** A session with headers. */
    TopologyHarness session(MassageSession session, Instant ingested, Headers headers) {
        sessionsIn.pipeInput(new TestRecord<>(
                session.getClinicId() + "/" + session.getClientId(),
                Codecs.massageSession().encode(session),
                headers,
                ingested));
        return this;
    }

    void rawSleep(String key, byte[] value) {
        sleepIn.pipeInput(key, value, INGESTED);
    }

    /** An erasure request as the request side writes it: keyed by its client, the JSON as value. */
    TopologyHarness erasure(ErasureRequest request) {
        erasuresIn.pipeInput(request.key(), request.encode(), INGESTED);
        return this;
    }

    void rawErasure(String key, byte[] value) {
        erasuresIn.pipeInput(key, value, INGESTED);
    }

    /** Audit records written since the last call. */
    List<TestRecord<String, byte[]>> auditRecords() {
        return audit.readRecordsToList();
    }

    /** Records the topology wrote to {@code client-keys} since the last call (tombstones of data keys). */
    List<TestRecord<String, byte[]>> clientKeyRecords() {
        return clientKeys.readRecordsToList();
    }

    void rawSession(String key, byte[] value) {
        sessionsIn.pipeInput(key, value, INGESTED);
    }

    /** Moves the driver's wall clock, firing any wall-clock punctuation that falls due (the retention sweep). */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Every entry of one state store, by key (a snapshot). */
    <V> Map<String, V> store(String name) {
        KeyValueStore<String, V> store = driver.getKeyValueStore(name);
        Map<String, V> entries = new TreeMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                entries.put(kv.key, kv.value);
            }
        }
        return entries;
    }

    /** Every dashboard record emitted since the last call, in order. */
    List<TestRecord<String, SleepChangeMetric>> newOutput() {
        List<TestRecord<String, SleepChangeMetric>> fresh = dashboard.readRecordsToList();
        for (TestRecord<String, SleepChangeMetric> r : fresh) {
            emitted.add(r);
            if (r.value() == null) {
                state.remove(r.key());
            } else {
                state.put(r.key(), r.value());
            }
        }
        return fresh;
    }

    /** The compacted view of the dashboard topic: latest value per key, deleted keys absent. */
    Map<String, SleepChangeMetric> dashboardState() {
        newOutput();
        return new HashMap<>(state);
    }

    /** Output records by key; fails if a key was emitted twice, which a single input should never cause. */
    static Map<String, SleepChangeMetric> byKey(List<TestRecord<String, SleepChangeMetric>> out) {
        Map<String, SleepChangeMetric> map = new HashMap<>();
        for (TestRecord<String, SleepChangeMetric> r : out) {
            if (map.containsKey(r.key())) {
                throw new AssertionError("emitted twice for one input: " + r.key());
            }
            map.put(r.key(), r.value());
        }
        return map;
    }

    List<TestRecord<String, SleepChangeMetric>> allOutput() {
        newOutput();
        return new ArrayList<>(emitted);
    }

    /** The compacted view of the nightly-sleep topic. */
    Map<String, NightlySleep> nightlyState() {
        newNightlyOutput();
        return new HashMap<>(nightlyState);
    }

    /** Every nightly-sleep record emitted since the last call, in order. */
    List<TestRecord<String, NightlySleep>> newNightlyOutput() {
        List<TestRecord<String, NightlySleep>> fresh = nightly.readRecordsToList();
        for (var r : fresh) {
            if (r.value() == null) {
                nightlyState.remove(r.key());
            } else {
                nightlyState.put(r.key(), r.value());
            }
        }
        return fresh;
    }

    List<Rejection> rejections() {
        return rejections.readValuesToList();
    }

    /** Rejections emitted since the last read, with their keys and headers. */
    List<TestRecord<String, Rejection>> rejectionRecords() {
        return rejections.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
