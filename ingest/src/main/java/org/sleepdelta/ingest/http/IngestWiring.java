package org.sleepdelta.ingest.http;

import java.time.Clock;
import java.time.Duration;
import org.sleepdelta.schemas.erasure.ErasureTopics;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * The parts of the service that tests replace: the clock, the vendor adapters, the topics (input and erasure), how producers are made,
 * and a hook in every batch. Production uses {@link #production()} with the real adapters.
 */
record IngestWiring(
        Clock clock,
        VendorAdapterLookup vendors,
        CanonicalRecords topics,
        TransactionalProducers.Factory producers,
        BatchHook batchHook,
        Duration keyFileCheckInterval,
        ErasureTopics erasureTopics) {

    static IngestWiring production() {
        return new IngestWiring(
                Clock.systemUTC(),
                VendorAdapterLookup.NONE,
                CanonicalRecords.INPUT_TOPICS,
                TransactionalProducers.KAFKA,
                BatchHook.NONE,
                Duration.ofSeconds(1),
                ErasureTopics.DEFAULT);
    }

    IngestWiring vendors(VendorAdapterLookup vendors) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, erasureTopics);
    }

    IngestWiring clock(Clock clock) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, erasureTopics);
    }

    IngestWiring topics(CanonicalRecords topics) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, erasureTopics);
    }

    IngestWiring producers(TransactionalProducers.Factory producers) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, erasureTopics);
    }

    IngestWiring batchHook(BatchHook batchHook) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, erasureTopics);
    }

    /** Where data keys are written: the erasure's client-keys topic, so that an erasure finds every key written. */
    String clientKeysTopic() {
        return erasureTopics.clientKeys();
    }

    IngestWiring clientKeysTopic(String clientKeysTopic) {
        return erasureTopics(new ErasureTopics(clientKeysTopic, erasureTopics.requests(), erasureTopics.audit()));
    }

    IngestWiring erasureTopics(ErasureTopics erasureTopics) {
        return new IngestWiring(clock, vendors, topics, producers, batchHook, keyFileCheckInterval, erasureTopics);
    }
}
