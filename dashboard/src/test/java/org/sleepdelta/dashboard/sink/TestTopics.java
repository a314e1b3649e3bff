package org.sleepdelta.dashboard.sink;

import org.sleepdelta.embedded.testing.KafkaTestBroker;

/** Topics of a test's own on the test broker (names only: create the ones the test writes). */
final class TestTopics {
    private TestTopics() {}

    static SinkTopics unique(String metrics, String nights) {
        return new SinkTopics(
                KafkaTestBroker.uniqueName(metrics),
                KafkaTestBroker.uniqueName(nights),
                KafkaTestBroker.uniqueName("client-erasures"),
                KafkaTestBroker.uniqueName("erasure-audit"));
    }
}
