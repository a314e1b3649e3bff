package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.EmbeddedKafkaBroker;

/**
 * A broker that goes away costs clients quick 429s and a 503 readiness, never a hung request, a held slot, a leaked
 * producer thread or a half-written batch. Uses a broker of its own, since it stops it.
 */
class BrokerOutageIT {
    /** producer-timeout 2s: a failed request takes about one to two timeouts; 15 s means something hung. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    private Path dataDir;
    private EmbeddedKafkaBroker broker;
    private RunningIngest ingest;

    @AfterEach
    void cleanUp() throws IOException {
        if (ingest != null) {
            ingest.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void brokerThatGoesAwayYieldsQuick429sAndNotReadyWithoutLosingAcceptedBatches() throws Exception {
        // given a service that has written a batch to its own broker
        dataDir = Files.createTempDirectory("sleepdelta-outage-");
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).start();
        ingest = RunningIngest.builder()
                .bootstrapServers(broker.bootstrapServers())
                .setting("producer-timeout", "2s")
                .setting("max-concurrent-batches", "2")
                .start();
        assertThat(ingest.postSleep()
                        .json(array(List.of(sleep("outage-1", "o1", 1), sleep("outage-2", "o2", 1))))
                        .send()
                        .status())
                .isEqualTo(202);
        assertThat(ingest.client.get("/health/ready").send().status()).isEqualTo(200);

        // when the broker stops
        broker.close();

        // then every batch fails fast with a 429 telling the client when to retry; more batches than there are
        // slots show that failed batches give their slots back
        for (int attempt = 1; attempt <= 3; attempt++) {
            CompletableFuture<HttpResponse> call = CompletableFuture.supplyAsync(
                    () -> ingest.postSleep().json(sleep("outage-lost", "l", 1)).send());
            HttpResponse response = call.get(BOUND.toSeconds() + 5, TimeUnit.SECONDS);
            assertThat(response.status()).as("attempt %d", attempt).isEqualTo(429);
            assertThat(response.error()).isEqualTo("kafka_unavailable");
            assertThat(response.header("Retry-After")).isPresent();
            assertThat(response.elapsed()).isLessThan(BOUND);
        }
        // and readiness reports Kafka missing
        Awaitility.await("readiness to notice")
                .atMost(BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ingest.client.get("/health/ready").send().status() == 503);
        HttpResponse ready = ingest.client.get("/health/ready").send();
        assertThat(ready.error()).isEqualTo("not_ready");
        assertThat(ready.header("Retry-After")).isPresent();
        assertThat(ingest.client.get("/health/live").send().status()).isEqualTo(200);

        // and the service closes promptly, leaving no producer threads behind
        long closing = System.nanoTime();
        ingest.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(BOUND);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive()
                        && t.getName().startsWith("kafka-producer-network-thread")
                        && t.getName().contains(ingest.transactionalIdPrefix));

        // and, on the broker's data, the accepted batch is there and the failed ones are not
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).start();
        assertThat(TopicContents.keys(TopicContents.readCommitted(broker.bootstrapServers(), ingest.sleepTopic)))
                .containsExactlyInAnyOrder("clinic-a/outage-1", "clinic-a/outage-2");
    }
}
