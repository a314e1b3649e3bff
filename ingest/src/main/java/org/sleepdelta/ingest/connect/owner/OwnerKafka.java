package org.sleepdelta.ingest.connect.owner;

import java.time.Duration;
import java.util.Objects;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * Where the connection owner reads and writes.
 *
 * @param kafka                 kafka.* client properties (security, tuning; {@code kafka.consumer.session.timeout.ms}
 *                              decides how soon a dead owner's partitions move)
 * @param transactionalIdPrefix each owner's producer takes a unique transactional.id under it
 * @param records               the codec and names of {@code connections} and {@code connection-requests}
 * @param topics                the input and rejection topics pulled records go to
 * @param clientKeysTopic       where clients' data keys are (pulled records are sealed like uploads)
 * @param timeout               how long one Kafka operation (a transaction, restoring a partition) may take
 */
public record OwnerKafka(
        String bootstrapServers,
        KafkaClientProperties kafka,
        String transactionalIdPrefix,
        ConnectionRecords records,
        CanonicalRecords topics,
        String clientKeysTopic,
        MasterKeys masterKeys,
        Duration timeout) {
    public OwnerKafka {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(clientKeysTopic, "clientKeysTopic");
        Objects.requireNonNull(masterKeys, "masterKeys");
        Objects.requireNonNull(timeout, "timeout");
    }
}
