package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.connections.ConnectionStatus;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureTopics;
import org.sleepdelta.schemas.erasure.ErasureWriter;

/**
 * An erasure's transaction asks the owner of each of the client's four possible connections to erase it, and the
 * owner deletes the one that exists (revoked at the vendor first).
 */
class ErasureConnectionsIT {
    private final OwnerFixture fixture = new OwnerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anErasureErasesTheClientsConnections() {
        // given an active connection
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        fixture.startOwner(vendor);
        fixture.connect("erased-1", vendor, 1);
        Awaitility.await("the connection to be caught up")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> fixture.connection("erased-1")
                        .map(c -> c.status() == ConnectionStatus.ACTIVE)
                        .orElse(false));
        ErasureTopics topics = new ErasureTopics(
                fixture.clientKeysTopic,
                KafkaTestBroker.uniqueName("client-erasures"),
                KafkaTestBroker.uniqueName("erasure-audit"));
        KafkaTestBroker.createTopics(1, topics.requests(), topics.audit());
        ErasureWriter writer = new ErasureWriter(
                        topics,
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers),
                        Duration.ofSeconds(30),
                        fixture.clock,
                        "ingest")
                .withConnectionRequests(fixture.records);

        // when the client is erased
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        fixture.bootstrapServers,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        KafkaTestBroker.uniqueName("erasure")),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            writer.write(
                    producer,
                    ErasureRequest.of(
                            new ClientKey(OwnerFixture.CLINIC, "erased-1"),
                            ErasureAction.ERASE,
                            fixture.clock.instant(),
                            "test"));
        }

        // then an ERASE request for each vendor is committed
        List<ConnectionRequest> requests = fixture.readCommitted(fixture.requestsTopic).stream()
                .map(r -> fixture.records.request(r.key(), r.value()))
                .filter(r -> r.type() == ConnectionRequest.Type.ERASE)
                .toList();
        assertThat(requests)
                .extracting(ConnectionRequest::key)
                .containsExactlyInAnyOrderElementsOf(ConnectionKey.VENDORS.stream()
                        .map(v -> new ConnectionKey(OwnerFixture.CLINIC, "erased-1", v))
                        .toList());

        // and the owner deletes the connection, revoking it at the vendor
        Awaitility.await("the tombstone")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> fixture.tombstoned("erased-1"));
        assertThat(fixture.connection("erased-1")).isEmpty();
        assertThat(vendor.revoked()).containsExactly("user-erased-1");
    }
}
