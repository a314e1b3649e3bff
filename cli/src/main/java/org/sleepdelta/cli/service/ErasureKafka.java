package org.sleepdelta.cli.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.kafka.MasterKeySettings;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.HostPort;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.erasure.ErasureAudit;
import org.sleepdelta.schemas.erasure.ErasureConsumers;
import org.sleepdelta.schemas.erasure.ErasureTopics;
import org.sleepdelta.schemas.erasure.ErasureWriter;
import org.sleepdelta.schemas.kafka.ProducerDefaults;

/**
 * The Kafka clients of {@code erase} and {@code erasure-status}, from the ingest service's settings (the same
 * {@code --config} file and SLEEPDELTA_* environment reach the same cluster with the same security).
 */
final class ErasureKafka {
    /** Who completes KEYS_DESTROYED when the command erases. */
    static final String SERVICE = "erase-command";
    /** At least this long for reading a topic to its end: a person waits, and client-keys may be large. */
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final KafkaClientProperties kafka;
    private final String transactionalId;
    private final Duration timeout;
    private final MasterKeys masterKeys;

    ErasureKafka(Configuration config) {
        this.bootstrapServers = HostPort.commaSeparated(config.get(IngestConfiguration.BOOTSTRAP_SERVERS));
        this.kafka = config.get(KafkaClientProperties.SETTING);
        // One stable id: a run that died mid-transaction has it aborted by the next run, at once. Two runs at the
        // same moment fence each other; the one fenced fails and can be run again.
        // Under the prefix the eraser principal is granted (PipelineAcls.Names.DEFAULT_ERASE_TRANSACTIONAL_ID_PREFIX).
        this.transactionalId = "sleepdelta-erase-command";
        Duration producerTimeout = config.get(IngestConfiguration.PRODUCER_TIMEOUT);
        this.timeout = producerTimeout.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : producerTimeout;
        this.masterKeys = MasterKeySettings.find(config).orElse(null);
    }

    /**
     * Whether an erasure also reaches the client's vendor connections: their requests are sealed under a master key,
     * so the command needs the ingest service's master keys for that.
     */
    boolean erasesConnections() {
        return masterKeys != null;
    }

    Duration timeout() {
        return timeout;
    }

    /** A transactional producer, initialised. */
    Producer<String, byte[]> producer() {
        Map<String, Object> tuning = ProducerDefaults.tuning();
        tuning.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        tuning.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        tuning.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        Map<String, Object> required = ProducerDefaults.required(bootstrapServers, transactionalId);
        required.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        Producer<String, byte[]> producer = new KafkaProducer<>(
                kafka.clientConfig(KafkaClientProperties.Kind.PRODUCER, tuning, required),
                new StringSerializer(),
                new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    ErasureWriter writer() {
        ErasureWriter writer =
                new ErasureWriter(ErasureTopics.DEFAULT, consumerConfig("keys"), timeout, Clock.systemUTC(), SERVICE);
        return masterKeys == null
                ? writer
                : writer.withConnectionRequests(ConnectionRecords.onPipelineTopics(masterKeys));
    }

    ErasureAudit audit() {
        return new ErasureAudit(ErasureTopics.DEFAULT.audit(), consumerConfig("audit"), timeout);
    }

    private Map<String, Object> consumerConfig(String name) {
        return kafka.clientConfig(
                KafkaClientProperties.Kind.CONSUMER,
                Map.of(),
                ErasureConsumers.required(bootstrapServers, "sleepdelta-erase-command-" + name));
    }
}
