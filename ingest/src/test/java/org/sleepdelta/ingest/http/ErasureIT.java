package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.auth.TestPepper;
import org.sleepdelta.platform.testing.PrometheusText;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStage;
import org.sleepdelta.schemas.erasure.ErasureTopics;

/**
 * The request side of erasure over real HTTP against a real broker: scope checks, the one transaction (request, key
 * tombstones, audit events), the status an erasure's clinic can query, and clinic isolation.
 */
class ErasureIT {
    /** Long and distinctive, so that finding it in bytes is not chance (an erasure id is hex). */
    private static final String CLIENT = "client-to-forget";

    private static final String POISON_CLIENT = "poison";

    private final ErasureTopics topics = new ErasureTopics(
            KafkaTestBroker.uniqueName("client-keys"),
            KafkaTestBroker.uniqueName("client-erasures"),
            KafkaTestBroker.uniqueName("erasure-audit"));
    private final ApiKeyTool.NewApiKey eraser =
            ApiKeyTool.create(TestPepper.PEPPER, Canonical.CLINIC, "dpo", Set.of(Scope.ERASE), null);
    private final ApiKeyTool.NewApiKey otherEraser =
            ApiKeyTool.create(TestPepper.PEPPER, RunningIngest.OTHER_CLINIC, "other dpo", Set.of(Scope.ERASE), null);
    private final RunningIngest ingest;
    private final OpenApiSpec spec = OpenApiSpec.load();

    ErasureIT() {
        RunningIngest.createTopics(
                KafkaTestBroker.bootstrapServers(), topics.clientKeys(), topics.requests(), topics.audit());
        ingest = RunningIngest.builder()
                .setting("api-keys", eraser.keysFileLine() + ";" + otherEraser.keysFileLine())
                .wiring(w -> w.erasureTopics(topics).producers(FailingOnPoison::new))
                .start();
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void eraseNeedsTheEraseScope() {
        // when a key with the write scope only asks
        HttpResponse response =
                ingest.client.delete("/v1/clients/" + CLIENT).key(ingest.key).send();

        // then
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("forbidden_scope");
        assertThat(response.json().get("message").asText()).contains("'erase'");
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, topics.requests()))
                .isEmpty();
    }

    @Test
    void eraseWritesTheRequestTombstonesTheClientsKeysAndStartsTheAuditTrail() {
        // given keys of the client, one already destroyed, and keys of others that must stay
        String mine = Canonical.CLINIC + "/" + CLIENT + "/";
        writeKeys(Map.of(
                mine + "k1", "key one",
                mine + "k2", "key two",
                mine + "k0", "destroyed before",
                Canonical.CLINIC + "/" + CLIENT + "-2/k1", "a client whose id starts like it",
                RunningIngest.OTHER_CLINIC + "/" + CLIENT + "/k1", "the same client id at another clinic"));
        writeKeys(java.util.Collections.singletonMap(mine + "k0", null));

        // when
        HttpResponse response =
                ingest.client.delete("/v1/clients/" + CLIENT).key(eraser.key()).send();

        // then 202 with where to ask
        assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
        String erasureId = response.json().get("erasureId").asText();
        assertThat(response.json().get("status").asText()).isEqualTo("/v1/erasures/" + erasureId);
        assertThat(response.header("Location")).hasValue("/v1/erasures/" + erasureId);
        assertThat(response.json().get("keysDestroyed").asInt()).isEqualTo(2);
        assertThat(spec.violations("DELETE", "/v1/clients/{clientId}", response))
                .isEmpty();
        assertThat(response.json().get("stages").toString())
                .isEqualTo("[\"REQUESTED\",\"KEYS_DESTROYED\",\"STREAMS_STATE_ERASED\",\"SINK_ROWS_DELETED\"]");

        // the request, keyed by the client
        List<ConsumerRecord<String, byte[]>> requests =
                TopicContents.readCommitted(ingest.bootstrapServers, topics.requests());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).key()).isEqualTo(Canonical.CLINIC + "/" + CLIENT);
        ErasureRequest request = ErasureRequest.decode(requests.get(0).value());
        assertThat(request.erasureId()).isEqualTo(erasureId);
        assertThat(request.action()).isEqualTo(ErasureAction.ERASE);
        assertThat(request.requestedBy()).isEqualTo("key:dpo");

        // a tombstone for each live key of the client, in the partition the key lives in, and for nothing else
        List<ConsumerRecord<String, byte[]>> keys =
                TopicContents.readCommitted(ingest.bootstrapServers, topics.clientKeys());
        List<ConsumerRecord<String, byte[]>> tombstones =
                keys.stream().filter(r -> r.value() == null).toList();
        assertThat(tombstones)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(mine + "k0", mine + "k1", mine + "k2"); // k0: the one written above
        for (ConsumerRecord<String, byte[]> tombstone : tombstones) {
            assertThat(keys)
                    .filteredOn(r -> r.key().equals(tombstone.key()) && r.value() != null)
                    .allMatch(r -> r.partition() == tombstone.partition());
        }

        // the audit trail: REQUESTED by the key's label and KEYS_DESTROYED, neither naming the client
        List<ConsumerRecord<String, byte[]>> audit =
                TopicContents.readCommitted(ingest.bootstrapServers, topics.audit());
        assertThat(audit).allMatch(r -> r.key().equals(erasureId));
        assertThat(audit).allMatch(r -> !new String(r.value(), StandardCharsets.UTF_8).contains(CLIENT));
        List<ErasureEvent> events =
                audit.stream().map(r -> ErasureEvent.decode(r.value())).toList();
        assertThat(events)
                .extracting(ErasureEvent::stage)
                .containsExactly(ErasureStage.REQUESTED, ErasureStage.KEYS_DESTROYED);
        assertThat(events.get(0).by()).isEqualTo("key:dpo");
        assertThat(events.get(1).detail()).isEqualTo("2 data keys");
        assertThat(erasures("erase")).isEqualTo(1.0);
    }

    @Test
    void aFailureMidTransactionLeavesNothingVisible() {
        // given a key of the poison client, whose tombstone Kafka fails to take after the request was sent
        writeKeys(Map.of(Canonical.CLINIC + "/" + POISON_CLIENT + "/k1", "key"));

        // when
        HttpResponse response = ingest.client
                .delete("/v1/clients/" + POISON_CLIENT)
                .key(eraser.key())
                .send();

        // then the caller is told to retry, and read_committed readers see none of it
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.error()).isEqualTo("kafka_unavailable");
        assertThat(spec.violations("DELETE", "/v1/clients/{clientId}", response))
                .isEmpty();
        assertThat(TopicContents.readUncommitted(ingest.bootstrapServers, topics.requests()))
                .as("the request reached the log inside the transaction")
                .hasSize(1);
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, topics.requests()))
                .isEmpty();
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, topics.clientKeys()))
                .noneMatch(r -> r.value() == null);
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, topics.audit()))
                .isEmpty();
        assertThat(erasures("erase")).isZero();
    }

    @Test
    void theStatusFollowsTheStagesAndIsTheClinicsOwn() {
        // given an erasure
        HttpResponse erased =
                ingest.client.delete("/v1/clients/" + CLIENT).key(eraser.key()).send();
        assertThat(erased.status()).isEqualTo(202);
        String path = erased.json().get("status").asText();
        String erasureId = erased.json().get("erasureId").asText();

        // then it is in progress, waiting for the streams application and the sink
        HttpResponse inProgress = ingest.client.get(path).key(eraser.key()).send();
        assertThat(inProgress.status()).as("%s", inProgress.json()).isEqualTo(200);
        assertThat(inProgress.json().get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(spec.violations("GET", "/v1/erasures/{erasureId}", inProgress))
                .isEmpty();
        assertThat(inProgress.json().get("requestedBy").asText()).isEqualTo("key:dpo");
        assertThat(inProgress.json().get("missing").toString())
                .isEqualTo("[\"STREAMS_STATE_ERASED\",\"SINK_ROWS_DELETED\"]");

        // when the other stages report
        ErasureRequest request =
                ErasureRequest.decode(TopicContents.readCommitted(ingest.bootstrapServers, topics.requests())
                        .get(0)
                        .value());
        appendAudit(
                ErasureEvent.of(request, ErasureStage.STREAMS_STATE_ERASED, Instant.now(), "streams", "3 entries"),
                ErasureEvent.of(request, ErasureStage.SINK_ROWS_DELETED, Instant.now(), "sink", "5 rows"));

        // then it is complete
        HttpResponse complete = ingest.client.get(path).key(eraser.key()).send();
        assertThat(complete.json().get("status").asText()).isEqualTo("COMPLETE");
        assertThat(complete.json().get("completed")).hasSize(4);
        assertThat(complete.json().get("missing")).isEmpty();
        assertThat(spec.violations("GET", "/v1/erasures/{erasureId}", complete)).isEmpty();

        // and another clinic's key sees exactly what an unknown id shows
        HttpResponse otherClinic =
                ingest.client.get(path).key(otherEraser.key()).send();
        HttpResponse unknown = ingest.client
                .get("/v1/erasures/" + UUID.randomUUID())
                .key(eraser.key())
                .send();
        assertThat(otherClinic.status()).isEqualTo(404);
        assertThat(otherClinic.json()).isEqualTo(unknown.json());
        assertThat(otherClinic.json().toString()).doesNotContain(erasureId);
        assertThat(spec.violations("GET", "/v1/erasures/{erasureId}", otherClinic))
                .isEmpty();

        // and a key without the erase scope may not look
        assertThat(ingest.client.get(path).key(ingest.key).send().status()).isEqualTo(403);
    }

    @Test
    void reregistrationWritesOnlyTheRequestAndItsAuditEvent() {
        // when
        HttpResponse response = ingest.client
                .post("/v1/clients/" + CLIENT + "/registration")
                .key(eraser.key())
                .send();

        // then
        assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
        assertThat(response.json().get("stages").toString()).isEqualTo("[\"REQUESTED\",\"STREAMS_STATE_ERASED\"]");
        assertThat(response.json().get("completed").toString()).isEqualTo("[\"REQUESTED\"]");
        assertThat(spec.violations("POST", "/v1/clients/{clientId}/registration", response))
                .isEmpty();
        List<ConsumerRecord<String, byte[]>> requests =
                TopicContents.readCommitted(ingest.bootstrapServers, topics.requests());
        assertThat(requests).hasSize(1);
        assertThat(ErasureRequest.decode(requests.get(0).value()).action()).isEqualTo(ErasureAction.REREGISTER);
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, topics.audit()))
                .hasSize(1);
        assertThat(erasures("reregister")).isEqualTo(1.0);
    }

    @Test
    void anInvalidClientIdOrErasureIdIsRefusedNamingTheField() {
        // when
        HttpResponse badClient = ingest.client
                .delete("/v1/clients/" + "x".repeat(65))
                .key(eraser.key())
                .send();
        HttpResponse badErasure =
                ingest.client.get("/v1/erasures/not-a-uuid").key(eraser.key()).send();

        // then
        assertThat(badClient.status()).isEqualTo(400);
        assertThat(badClient.json().get("message").asText()).startsWith("clientId");
        assertThat(badErasure.status()).isEqualTo(400);
        assertThat(badErasure.json().get("message").asText()).startsWith("erasureId");
        assertThat(spec.violations("DELETE", "/v1/clients/{clientId}", badClient))
                .isEmpty();
        assertThat(spec.violations("GET", "/v1/erasures/{erasureId}", badErasure))
                .isEmpty();
    }

    /** A real producer, except that a tombstone of the poison client fails once the records before it are in the log. */
    private static final class FailingOnPoison extends KafkaProducer<String, byte[]> {
        FailingOnPoison(Map<String, Object> config) {
            super(config, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.value() == null && record.key().contains("/" + POISON_CLIENT + "/")) {
                flush();
                throw new TimeoutException("injected: the broker did not take the record in time");
            }
            return super.send(record, callback);
        }
    }

    private void writeKeys(Map<String, String> keys) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Map.Entry<String, String> key : keys.entrySet()) {
                byte[] value = key.getValue() == null ? null : key.getValue().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topics.clientKeys(), key.getKey(), value))
                        .get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void appendAudit(ErasureEvent... events) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (ErasureEvent event : events) {
                producer.send(new ProducerRecord<>(topics.audit(), event.key(), event.encode()))
                        .get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ingest.bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private double erasures(String action) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingest.service.metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            String body = HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .body();
            return PrometheusText.parse(body).value("sleepdelta_ingest_erasures_total", "action", action);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
