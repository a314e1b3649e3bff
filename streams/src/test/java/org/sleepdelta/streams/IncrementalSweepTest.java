package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SessionStatus;

/**
 * The retention sweep in slices of a few entries (issue 14) deletes exactly what one sweep of the whole state deletes,
 * never examines more than its bound per punctuation, and resumes each slice where the previous one stopped.
 *
 * <p>As in {@link RetentionSweepTest}, a pacer moves event time to June 2: the cutoff is Apr 3, nights are kept from
 * Jan 15, sessions, emitted windows and clocks from Jan 8.
 */
class IncrementalSweepTest {
    private static final int BATCH = 3;
    private static final Duration PASS_INTERVAL = TopologySettings.defaults().sweepInterval();
    private static final List<String> STORES = StoreNames.ALL;

    private final SimpleMeterRegistry oneShotMeters = new SimpleMeterRegistry();
    private final SimpleMeterRegistry slicedMeters = new SimpleMeterRegistry();
    private final TopologyHarness oneShot =
            new TopologyHarness(TopologySettings.defaults(), TopologyMetrics.on(oneShotMeters));
    private final TopologyHarness sliced = new TopologyHarness(
            TopologySettings.defaults().withSweepBatchEntries(BATCH), TopologyMetrics.on(slicedMeters));

    @AfterEach
    void close() {
        oneShot.close();
        sliced.close();
    }

    /** Four clients with expired and kept nights and sessions, and the pacer. */
    private static void givenState(TopologyHarness harness) {
        for (String client : List.of("c1", "c2", "c3", "c4")) {
            TestData.nights(LocalDate.of(2026, 1, 9), 400, 410, 420, 430, 440, 450, 460, 470, 480, 490)
                    .forEach(night -> {
                        night.setClientId(client);
                        harness.sleep(night);
                    });
            harness.session(session(client, "old", LocalDate.of(2026, 1, 6)));
            harness.session(session(client, "kept", LocalDate.of(2026, 1, 12)));
            harness.session(MassageSession.newBuilder(session(client, "gone", LocalDate.of(2026, 1, 2)))
                    .setStatus(SessionStatus.CANCELLED)
                    .build());
        }
        TestData.nights(LocalDate.of(2025, 12, 20), 400, 410, 420, 430, 440).forEach(night -> {
            night.setClientId("c5"); // everything of c5 expires, its clock too
            harness.sleep(night);
        });
        harness.sleep(TestData.night(LocalDate.of(2026, 6, 1), 400)
                .setClientId("pacer")
                .build());
        harness.session(TestData.session("p1", LocalDate.of(2026, 6, 2), LocalTime.of(10, 0))
                .setClientId("pacer")
                .build());
        harness.newOutput();
    }

    private static MassageSession session(String client, String id, LocalDate n0) {
        return TestData.session(id, n0, LocalTime.of(10, 0)).setClientId(client).build();
    }

    private static double count(SimpleMeterRegistry registry, String meter) {
        return registry.get(meter).counter().count();
    }

    private static Map<String, Map<String, Object>> stores(TopologyHarness harness) {
        Map<String, Map<String, Object>> stores = new TreeMap<>();
        STORES.forEach(name -> stores.put(name, harness.store(name)));
        return stores;
    }

    @Test
    void slicesOfAFewEntriesDeleteExactlyWhatOneSweepDeletesResumingWhereTheyStopped() {
        givenState(oneShot);
        givenState(sliced);
        assertThat(stores(sliced)).isEqualTo(stores(oneShot));
        Set<String> nightsBefore =
                sliced.<Object>store(StoreNames.SLEEP_BY_NIGHT).keySet();

        oneShot.advanceWallClock(PASS_INTERVAL);
        assertThat(count(oneShotMeters, TopologyMetrics.SWEEP_PASSES)).isEqualTo(1);
        Set<String> expiredNights = new TreeSet<>(nightsBefore);
        expiredNights.removeAll(oneShot.<Object>store(StoreNames.SLEEP_BY_NIGHT).keySet());
        assertThat(expiredNights)
                .as("the reference sweep deletes nights of every client but the pacer")
                .hasSize(4 * 6 + 5);

        List<String> nightsInOrderOfDeletion = new ArrayList<>();
        Set<String> nightsLeft = new TreeSet<>(nightsBefore);
        int punctuations = 0;
        Duration advance = PASS_INTERVAL; // starts the pass and runs its first slice
        while (count(slicedMeters, TopologyMetrics.SWEEP_PASSES) == 0 && punctuations < 1_000) {
            double examinedBefore = count(slicedMeters, TopologyMetrics.SWEEP_EXAMINED);
            sliced.advanceWallClock(advance);
            advance = RetentionSweeper.SLICE_INTERVAL;
            punctuations++;
            assertThat(count(slicedMeters, TopologyMetrics.SWEEP_EXAMINED) - examinedBefore)
                    .as("entries examined by punctuation " + punctuations)
                    .isBetween(0.0, (double) BATCH);
            Set<String> now = sliced.<Object>store(StoreNames.SLEEP_BY_NIGHT).keySet();
            nightsLeft.stream().filter(key -> !now.contains(key)).forEach(nightsInOrderOfDeletion::add);
            nightsLeft.retainAll(now);
        }

        assertThat(count(slicedMeters, TopologyMetrics.SWEEP_PASSES)).isEqualTo(1);
        assertThat(punctuations).as("the pass took many slices").isGreaterThan(10);
        assertThat(stores(sliced)).isEqualTo(stores(oneShot));
        assertThat(count(slicedMeters, TopologyMetrics.SWEEP_DELETED))
                .isEqualTo(count(oneShotMeters, TopologyMetrics.SWEEP_DELETED));
        assertThat(count(slicedMeters, TopologyMetrics.SWEEP_EXAMINED))
                .as("no entry examined twice: each slice resumed after the last key examined")
                .isEqualTo(count(oneShotMeters, TopologyMetrics.SWEEP_EXAMINED));
        assertThat(nightsInOrderOfDeletion)
                .as("nights deleted in key order, client after client, each once")
                .containsExactlyElementsOf(expiredNights);
        assertThat(sliced.newOutput()).isEmpty();
    }
}
