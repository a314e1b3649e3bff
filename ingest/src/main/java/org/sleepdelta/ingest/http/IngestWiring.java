package org.sleepdelta.ingest.http;

import java.time.Clock;
import java.time.Duration;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * The parts of the service that tests replace: the clock, the vendor adapters, the topics, how producers are made,
 * and a hook in every batch. Production uses {@link #production()} with the real adapters.
 */
record IngestWiring(
        Clock clock,
        VendorAdapterLookup vendors,
        CanonicalRecords topics,
        TransactionalProducers.Factory producers,
        BatchHook batchHook,
        Duration keyFileCheckInterval,
        String clientKeysTopic) {

    static IngestWiring production() {
        return new IngestWiring(
                Clock.systemUTC(),
                VendorAdapterLookup.NONE,
                CanonicalRecords.INPUT_TOPICS,
                TransactionalProducers.KAFKA,
                BatchHook.NONE,
                Duration.ofSeconds(1),
                Topics.CLIENT_KEYS);
    }

    IngestWiring vendors(VendorAdapterLookup vendors) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, clientKeysTopic);
    }

    IngestWiring clock(Clock clock) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, clientKeysTopic);
    }

    IngestWiring topics(CanonicalRecords topics) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, clientKeysTopic);
    }

    IngestWiring producers(TransactionalProducers.Factory producers) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, clientKeysTopic);
    }

    IngestWiring clientKeysTopic(String clientKeysTopic) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, clientKeysTopic);
    }

    IngestWiring batchHook(BatchHook batchHook) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, clientKeysTopic);
    }
}
