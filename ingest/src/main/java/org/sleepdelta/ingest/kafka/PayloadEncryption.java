package org.sleepdelta.ingest.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.crypto.ClientKeyDirectory;
import org.sleepdelta.schemas.crypto.ClientKeyRecords;
import org.sleepdelta.schemas.crypto.ClientKeyWriter;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.crypto.RecordSealer;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * What a producer of input records needs to encrypt them: the key writer, the sealer, and (opened on first need, so
 * that a service starts while Kafka is away) the directory that tells the writer when a client's key was destroyed,
 * after which that client gets a new one.
 */
public final class PayloadEncryption implements AutoCloseable {
    /** How stale the writer's view of destroyed keys may get: an erased client's key is dropped within this. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final String clientKeysTopic;
    private final MasterKeys masterKeys;
    private final ClientKeyWriter writer;
    private final RecordSealer sealer;
    private ClientKeyDirectory directory; // guarded by this

    public PayloadEncryption(
            String bootstrapServers,
            KafkaClientProperties kafka,
            MasterKeys masterKeys,
            CanonicalRecords topics,
            String clientKeysTopic) {
        this.consumerConfig = kafka.clientConfig(
                KafkaClientProperties.Kind.CONSUMER,
                Map.of(),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.clientKeysTopic = clientKeysTopic;
        this.masterKeys = masterKeys;
        this.writer = new ClientKeyWriter(
                new ClientKeyRecords(clientKeysTopic),
                masterKeys,
                (client, keyId) -> directory().isDestroyed(client, keyId));
        this.sealer = new RecordSealer(topics);
    }

    public ClientKeyWriter writer() {
        return writer;
    }

    public RecordSealer sealer() {
        return sealer;
    }

    private synchronized ClientKeyDirectory directory() {
        if (directory == null) {
            directory = ClientKeyDirectory.open(consumerConfig, clientKeysTopic, masterKeys, REFRESH_INTERVAL, TIMEOUT);
        }
        return directory;
    }

    @Override
    public synchronized void close() {
        if (directory != null) {
            directory.close();
        }
    }
}
