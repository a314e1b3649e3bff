package org.sleepdelta.ingest.http;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorConnectors;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.erasure.ErasureTopics;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * The parts of the service that tests replace: the clock, the vendor adapters, the topics (input, erasure and
 * connections), how producers are made, a hook in every batch, and how a configured vendor's connector is built.
 * Production uses {@link #production()} with the real adapters and the real connectors ({@link VendorConnectors}).
 */
record IngestWiring(
        Clock clock,
        VendorAdapterLookup vendors,
        CanonicalRecords topics,
        TransactionalProducers.Factory producers,
        BatchHook batchHook,
        Duration keyFileCheckInterval,
        ErasureTopics erasureTopics,
        Function<VendorApp, VendorConnector> connectors,
        String connectionsTopic,
        String connectionRequestsTopic) {

    static IngestWiring production() {
        return new IngestWiring(
                Clock.systemUTC(),
                VendorAdapterLookup.NONE,
                CanonicalRecords.INPUT_TOPICS,
                TransactionalProducers.KAFKA,
                BatchHook.NONE,
                Duration.ofSeconds(1),
                ErasureTopics.DEFAULT,
                app -> VendorConnectors.forApp(app, Clock.systemUTC()),
                Topics.CONNECTIONS,
                Topics.CONNECTION_REQUESTS);
    }

    IngestWiring vendors(VendorAdapterLookup vendors) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    IngestWiring clock(Clock clock) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    IngestWiring topics(CanonicalRecords topics) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    IngestWiring producers(TransactionalProducers.Factory producers) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    IngestWiring batchHook(BatchHook batchHook) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    /** Where data keys are written: the erasure's client-keys topic, so that an erasure finds every key written. */
    String clientKeysTopic() {
        return erasureTopics.clientKeys();
    }

    IngestWiring clientKeysTopic(String clientKeysTopic) {
        return erasureTopics(new ErasureTopics(clientKeysTopic, erasureTopics.requests(), erasureTopics.audit()));
    }

    IngestWiring erasureTopics(ErasureTopics erasureTopics) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    IngestWiring connectors(Function<VendorApp, VendorConnector> connectors) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }

    IngestWiring connectionTopics(String connectionsTopic, String connectionRequestsTopic) {
        return new IngestWiring(
                clock,
                vendors,
                topics,
                producers,
                batchHook,
                keyFileCheckInterval,
                erasureTopics,
                connectors,
                connectionsTopic,
                connectionRequestsTopic);
    }
}
