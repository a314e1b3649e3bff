package org.sleepdelta.embedded.testing;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Apache Kafka's official image via Testcontainers. Only this class touches Testcontainers, so a test classpath
 * without it still works when the embedded broker is chosen.
 */
final class DockerTestBroker implements RunningTestBroker {

    private final KafkaContainer container;

    private DockerTestBroker(KafkaContainer container) {
        this.container = container;
    }

    static DockerTestBroker start() {
        // The same Kafka version as the clients under test; and the same broker rules as the embedded broker, so a
        // test cannot pass on one and fail on the other.
        KafkaContainer container = new KafkaContainer(
                        DockerImageName.parse("apache/kafka:" + AppInfoParser.getVersion()))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_LOG_RETENTION_MS", "-1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        container.start();
        return new DockerTestBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + container.getDockerImageName() + " at " + container.getBootstrapServers();
    }
}
