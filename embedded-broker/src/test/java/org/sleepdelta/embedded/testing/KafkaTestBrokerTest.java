package org.sleepdelta.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** Runs under Surefire on purpose: the fixture's broker must start from a Surefire classpath too. */
class KafkaTestBrokerTest {

    @Test
    void oneBrokerPerJvm() {
        assertThat(KafkaTestBroker.bootstrapServers()).isEqualTo(KafkaTestBroker.bootstrapServers());
    }

    @Test
    void createdTopicsAreReadyToUse() throws Exception {
        String name = KafkaTestBroker.uniqueName("fixture-test");

        KafkaTestBroker.createTopics(new NewTopic(name, 3, (short) 1));

        try (Admin admin = KafkaTestBroker.admin()) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(List.of(name)).allTopicNames().get();
            assertThat(topics.get(name).partitions())
                    .hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        }
    }

    @Test
    void uniqueNamesDifferAndAreLegalTopicNames() {
        String first = KafkaTestBroker.uniqueName("Streams test: sleep/records");
        String second = KafkaTestBroker.uniqueName("Streams test: sleep/records");

        assertThat(first).isNotEqualTo(second).matches("Streams-test--sleep-records-[0-9a-f]{8}");
    }
}
