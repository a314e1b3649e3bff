package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.streams.TestData.key;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * A decoded record whose processing fails half-way (here: the dashboard-state store throws for one client, after the
 * record's session and watermark were written) becomes an {@code INVALID} rejection; its writes are undone and none
 * of its output leaves, the failure is counted, and the next record is processed: the stream thread goes on.
 */
class ProcessingFailureTest {
    static final LocalDate N0 = LocalDate.of(2026, 2, 2);
    static final String POISONED_CLIENT = "poisoned";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    private void failingOnDashboardStateOfPoisonedClient(Throwable failure) {
        harness = new TopologyHarness(
                TopologySettings.defaults().keepingEverything(),
                TopologyMetrics.on(registry),
                name -> FailingStore.supplier(
                        name, StoreNames.EMITTED, key -> key.contains("/" + POISONED_CLIENT + "/"), failure));
    }

    private static MassageSession poisonedSession() {
        return TestData.session("p1", N0.plusDays(3), LocalTime.of(10, 0))
                .setClientId(POISONED_CLIENT)
                .build();
    }

    private <V> List<KeyValue<String, V>> store(String name) {
        KeyValueStore<String, V> store = harness.driver.getKeyValueStore(name);
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }

    @Test
    void aRecordWhoseProcessingThrowsIsRejectedUndoneAndTheNextOneProcessed() {
        failingOnDashboardStateOfPoisonedClient(new IllegalStateException("bug reached by this record's data"));
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        assertThat(harness.newOutput()).hasSize(3);
        List<KeyValue<String, Object>> sessionsBefore = store(StoreNames.SESSIONS_BY_ID);
        List<KeyValue<String, Object>> watermarksBefore = store(StoreNames.WATERMARK);
        MassageSession poisoned = poisonedSession();

        harness.session(poisoned);

        List<TestRecord<String, Rejection>> rejections = harness.rejectionRecords();
        assertThat(rejections).hasSize(1);
        Rejection r = rejections.get(0).value();
        assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID);
        assertThat(r.getDetail())
                .startsWith("processing failed: java.lang.IllegalStateException")
                .contains("bug reached by this record's data");
        assertThat(r.getSourceTopic()).isEqualTo(Topics.MASSAGE_SESSIONS);
        assertThat(r.getSourceOffset()).isEqualTo(1L);
        assertThat(rejections.get(0).key()).isEqualTo(TestData.CLINIC + "/" + POISONED_CLIENT);
        assertThat(bytes(r.getPayload())).isEqualTo(Codecs.massageSession().encode(poisoned));
        // Nothing of the failed record is left: no output, no session, the watermark where it was.
        assertThat(harness.newOutput()).isEmpty();
        assertThat(harness.nightlyState()).isEmpty();
        assertThat(store(StoreNames.SESSIONS_BY_ID)).isEqualTo(sessionsBefore);
        assertThat(store(StoreNames.SESSIONS_BY_START)).hasSize(1);
        assertThat(store(StoreNames.WATERMARK)).isEqualTo(watermarksBefore);
        assertThat(registry.get(TopologyMetrics.PROCESSING_FAILURES).counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(TopologyMetrics.REJECTED)
                        .tag("reason", "INVALID")
                        .counter()
                        .count())
                .isEqualTo(1.0);

        harness.sleep(TestData.night(N0.plusDays(1), 420).build());

        assertThat(harness.newOutput()).extracting(TestRecord::key).containsExactly(key("s1", MetricWindow.WEEK_1));
        assertThat(harness.rejections()).isEmpty();
    }

    @Test
    void anErrorThatIsNotAVirtualMachineErrorIsRejectedToo() {
        failingOnDashboardStateOfPoisonedClient(new AssertionError("invariant broken"));

        harness.session(poisonedSession());

        List<Rejection> rejections = harness.rejections();
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).getDetail()).startsWith("processing failed: java.lang.AssertionError");
        assertThat(store(StoreNames.SESSIONS_BY_ID)).isEmpty();
        assertThat(store(StoreNames.WATERMARK)).isEmpty();
    }

    @Test
    void storeFailuresAndVirtualMachineErrorsStillFailTheThread() {
        failingOnDashboardStateOfPoisonedClient(new ProcessorStateException("disk full"));
        assertThatThrownBy(() -> harness.session(poisonedSession()))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseMessage("disk full");
        assertThat(harness.rejections()).isEmpty();
        harness.close();

        failingOnDashboardStateOfPoisonedClient(new StackOverflowError());
        assertThatThrownBy(() -> harness.session(poisonedSession()))
                .satisfies(e -> assertThat(rootOf(e)).isInstanceOf(StackOverflowError.class));
        assertThat(harness.rejections()).isEmpty();
    }

    private static Throwable rootOf(Throwable e) {
        return e.getCause() == null ? e : rootOf(e.getCause());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
