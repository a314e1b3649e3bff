package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.codec.CodecSerde;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * The sweeper on a task's {@link ClientState} directly, where its slices and the client views can be observed: kept
 * nights are skipped by key, a slice never examines more than its bound, and only the views of clients that lost
 * entries are dropped.
 */
class RetentionSweeperTest {
    private static final Duration PASS_INTERVAL = Duration.ofMinutes(5);
    /** Nights are kept from Apr 3 - 78 = Jan 15. */
    private static final LocalDate CUTOFF = LocalDate.of(2026, 4, 3);

    private static final ClientKey OLD = new ClientKey(TestData.CLINIC, "c-old");
    private static final ClientKey RECENT = new ClientKey(TestData.CLINIC, "c-recent");

    private final ClientState state =
            new ClientState(context(), MetricSettings.defaults().sourcePriority(), 64L << 20);

    private static MockProcessorContext<String, Object> context() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        Serde<String> text = Serdes.String();
        add(context, StoreNames.SLEEP_BY_NIGHT, new CodecSerde<>(Codecs.sleepRecord()));
        add(context, StoreNames.SLEEP_NIGHT_INDEX, text);
        add(context, StoreNames.SESSIONS_BY_ID, new CodecSerde<>(Codecs.massageSession()));
        add(context, StoreNames.SESSIONS_BY_START, new CodecSerde<>(Codecs.massageSession()));
        add(context, StoreNames.CLIENT_CLOCK, text);
        add(context, StoreNames.EMITTED, EmittedState.serde());
        add(context, StoreNames.WATERMARK, Serdes.Long());
        add(context, StoreNames.OUTPUT_KEYS, text);
        add(context, StoreNames.ERASED_CLIENTS, text);
        return context;
    }

    private static <V> void add(MockProcessorContext<String, Object> context, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private void sleep(ClientKey client, LocalDate night) {
        SleepRecord record =
                TestData.night(night, 420).setClientId(client.clientId()).build();
        state.begin();
        state.applySleep(client, record);
        state.advanceLatestNight(client, night);
        state.commit(client);
    }

    private int nights() {
        int n = 0;
        try (var it = state.sleepByNight.all()) {
            for (; it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }

    /** Runs a pass to its end; returns the entries each punctuation examined. */
    private List<Integer> pass(int batchEntries) {
        RetentionSweeper sweeper = new RetentionSweeper(
                state, PASS_INTERVAL, batchEntries, TopologyMetrics.none().counters(), 0);
        List<Integer> slices = new ArrayList<>();
        long now = PASS_INTERVAL.toMillis();
        do {
            slices.add(sweeper.punctuate(now, () -> CUTOFF));
            now += RetentionSweeper.SLICE_INTERVAL.toMillis();
        } while (sweeper.passUnderWay() && slices.size() < 1_000);
        return slices;
    }

    @Test
    void keptNightsAreSkippedByKeyAndOnlyTheViewsOfClientsThatLostStateAreDropped() {
        sleep(OLD, LocalDate.of(2026, 1, 1));
        sleep(OLD, LocalDate.of(2026, 1, 2));
        for (int i = 0; i < 20; i++) {
            sleep(OLD, LocalDate.of(2026, 1, 20).plusDays(i));
            sleep(RECENT, LocalDate.of(2026, 3, 1).plusDays(i));
        }
        assertThat(state.views().holds(OLD)).isTrue();
        assertThat(state.views().holds(RECENT)).isTrue();

        List<Integer> slices = pass(100);

        assertThat(slices).as("one slice: the pass fits the bound").hasSize(1);
        // nights: OLD's 2 expired and its first kept night, RECENT's first night; then the 2 clocks
        assertThat(slices.get(0)).isEqualTo(2 + 1 + 1 + 2);
        assertThat(nights()).isEqualTo(40);
        assertThat(state.sleepNightIndex.get(StoreKeys.sleepIdentity(
                        OLD,
                        SleepSource.OURA,
                        TestData.night(LocalDate.of(2026, 1, 1), 420).build().getSourceRecordId())))
                .isNull();
        assertThat(state.views().holds(OLD)).as("its nights were deleted").isFalse();
        assertThat(state.views().holds(RECENT)).as("nothing of it was deleted").isTrue();
    }

    @Test
    void noSliceExaminesMoreThanItsBoundAndThePassEndsWithEverythingExpiredDeleted() {
        for (int i = 0; i < 30; i++) {
            sleep(OLD, LocalDate.of(2025, 12, 1).plusDays(i)); // all expired
            sleep(RECENT, LocalDate.of(2026, 3, 1).plusDays(i));
        }

        List<Integer> slices = pass(4);

        assertThat(slices).allSatisfy(examined -> assertThat(examined).isBetween(0, 4));
        assertThat(slices.size()).isGreaterThan(30 / 4);
        assertThat(nights()).isEqualTo(30);
        assertThat(state.clientClock.get(OLD.toString()))
                .as("its clock expired too")
                .isNull();
        assertThat(state.clientClock.get(RECENT.toString())).isNotNull();
        assertThat(state.views().holds(RECENT)).isTrue();
    }

    @Test
    void aPassStartsOnlyOnceTheIntervalHasPassedSinceThePreviousOne() {
        sleep(OLD, LocalDate.of(2026, 1, 1));
        RetentionSweeper sweeper = new RetentionSweeper(
                state, PASS_INTERVAL, 100, TopologyMetrics.none().counters(), 0);

        assertThat(sweeper.punctuate(PASS_INTERVAL.toMillis() - 1, () -> CUTOFF))
                .isZero();
        assertThat(nights()).isEqualTo(1);
        assertThat(sweeper.punctuate(PASS_INTERVAL.toMillis(), () -> CUTOFF)).isPositive();
        assertThat(nights()).isZero();
        sleep(OLD, LocalDate.of(2026, 1, 2));
        assertThat(sweeper.punctuate(2 * PASS_INTERVAL.toMillis() - 1, () -> CUTOFF))
                .as("the last pass ended; the next is not due")
                .isZero();
        assertThat(sweeper.punctuate(2 * PASS_INTERVAL.toMillis(), () -> CUTOFF))
                .isPositive();
        assertThat(nights()).isZero();
    }
}
