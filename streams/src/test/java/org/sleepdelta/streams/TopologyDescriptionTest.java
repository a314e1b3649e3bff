package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Processor and store names are part of the deployed application: changelog topics and consumer state derive from
 * them, so renaming one silently abandons state. The names are spelled out here, not taken from the constants, so an
 * accidental rename fails this test.
 */
class TopologyDescriptionTest {
    private final TopologyDescription description =
            SleepChangeTopology.build(TopologySettings.defaults()).describe();

    private Set<Node> nodes() {
        return description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .collect(Collectors.toSet());
    }

    @Test
    void processorNamesAreStable() {
        assertThat(nodes())
                .extracting(Node::name)
                .containsExactlyInAnyOrder(
                        "sleep-records-source",
                        "massage-sessions-source",
                        "client-erasures-source",
                        "skip-erased-sleep-records",
                        "skip-erased-massage-sessions",
                        "decode-client-erasures",
                        "decode-sleep-records",
                        "decode-massage-sessions",
                        "sleep-change",
                        "sleep-change-metrics-sink",
                        "nightly-sleep-sink",
                        "rejected-records-sink",
                        "erasure-audit-sink",
                        "client-keys-sink");
    }

    @Test
    void storeNamesAreStableAndAllBelongToTheSleepChangeProcessorAndTheDenyListToTheFiltersToo() {
        Set<String> storesByProcessor = nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Processor)
                .map(n -> (TopologyDescription.Processor) n)
                .filter(p -> !p.stores().isEmpty())
                .map(p -> p.name() + ":" + p.stores().stream().sorted().collect(Collectors.joining(",")))
                .collect(Collectors.toSet());

        assertThat(storesByProcessor)
                .containsExactlyInAnyOrder(
                        "sleep-change:"
                                + String.join(
                                        ",",
                                        "client-data-clock",
                                        "completed-sessions-by-start",
                                        "emitted-metrics",
                                        "emitted-output-keys",
                                        "erased-clients",
                                        "event-time-watermark",
                                        "sessions-by-id",
                                        "sleep-by-night",
                                        "sleep-night-index"),
                        "skip-erased-sleep-records:erased-clients",
                        "skip-erased-massage-sessions:erased-clients");
        assertThat(description.globalStores()).isEmpty();
    }

    @Test
    void bothInputTopicsAndTheErasureRequestsFeedOneSubtopologyAndTheSinksWriteTheContractTopics() {
        assertThat(description.subtopologies()).hasSize(1);
        Set<String> sources = nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toSet());
        Set<String> sinks = nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Sink)
                .map(n -> ((TopologyDescription.Sink) n).topic())
                .collect(Collectors.toSet());

        assertThat(sources).containsExactlyInAnyOrder("sleep-records", "massage-sessions", "client-erasures");
        assertThat(sinks)
                .containsExactlyInAnyOrder(
                        "sleep-change-metrics", "nightly-sleep", "rejected-records", "erasure-audit", "client-keys");
    }

    @Test
    void theInMemoryTestTopologyHasTheSameShapeAsTheDeployedOne() {
        TopologyDescription inMemory = SleepChangeTopology.build(
                        TopologySettings.defaults(), Stores::inMemoryKeyValueStore)
                .describe();

        assertThat(inMemory.toString()).isEqualTo(description.toString());
    }
}
