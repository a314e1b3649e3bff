package org.sleepdelta.embedded.testing;

import org.sleepdelta.embedded.EmbeddedKafkaBroker;

/** The product's own embedded KRaft broker, for machines without Docker. */
final class EmbeddedTestBroker implements RunningTestBroker {

    private final EmbeddedKafkaBroker broker;

    private EmbeddedTestBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    static EmbeddedTestBroker start() {
        return new EmbeddedTestBroker(EmbeddedKafkaBroker.builder().start());
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void stop() {
        broker.close();
    }

    @Override
    public String toString() {
        return "embedded KRaft broker at " + broker.bootstrapServers() + " (log: " + broker.logFile() + ")";
    }
}
