package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.MetricKey;

/**
 * The product's promise: for any input, in any arrival order that keeps each record's revisions in order,
 * the final dashboard state equals the metric definition computed over all the input at once, and the nightly-sleep
 * topic holds exactly each client-night's main sleep.
 */
class StreamingEqualsBatchTest {

    @Property(tries = 200)
    void finalDashboardStateEqualsTheBatchDefinition(@ForAll long seed) {
        streamingEqualsBatch(seed, new TopologyHarness());
    }

    /**
     * The same with no room for client views ({@link ClientViews}): every input rebuilds its client's view from the
     * stores, so a view rebuilt after eviction, an undone record, a restart or a rebalance gives the same result as
     * one kept in step.
     */
    @Property(tries = 100)
    void finalDashboardStateEqualsTheBatchDefinitionWithoutClientViews(@ForAll long seed) {
        streamingEqualsBatch(
                seed,
                new TopologyHarness(
                        TopologySettings.defaults().keepingEverything().withClientViewBytes(0)));
    }

    private static void streamingEqualsBatch(long seed, TopologyHarness topology) {
        RandomScenario scenario = new RandomScenario(seed);
        Map<String, SleepChangeMetric> streamed;
        Map<String, NightlySleep> streamedNights;
        try (TopologyHarness harness = topology) {
            for (Object input : scenario.arrivals) {
                if (input instanceof SleepRecord r) {
                    harness.sleep(r);
                } else {
                    harness.session((MassageSession) input);
                }
            }
            streamed = harness.dashboardState();
            streamedNights = harness.nightlyState();
            assertThat(harness.rejections()).isEmpty();
        }
        Map<MetricKey, SleepChangeMetric> batch = BatchComputation.compute(
                scenario.sleepInArrivalOrder, scenario.sessionsInArrivalOrder, MetricSettings.defaults());

        Map<String, SleepChangeMetric> expected = new HashMap<>();
        batch.forEach((key, value) -> expected.put(key.toString(), value));
        Map<String, SleepChangeMetric> actual = new HashMap<>();
        streamed.forEach((key, value) -> {
            assertThat(value.getRevision()).isPositive();
            actual.put(key, SleepChangeMetric.newBuilder(value).setRevision(0).build());
        });
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> assertThat(actual.get(key)).as(key).isEqualTo(value));
        assertThat(streamedNights)
                .isEqualTo(BatchComputation.nightly(
                        scenario.sleepInArrivalOrder, MetricSettings.defaults().sourcePriority()));
    }
}
