package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * The hostile corpus ({@link HostileCorpus}) over real HTTP against the ingest service in a child JVM with a small
 * heap ({@value #MAX_HEAP}, {@code -Dhostile.max-heap} to try another), while another clinic posts valid batches in a
 * loop: every input gets its precise answer within a bound, the service never runs out of memory, the other clinic is
 * never refused, and no forged request writes for another clinic.
 */
class HostileCorpusIT {
    static final String MAX_HEAP = "96m";
    /** A bound, not a performance figure: no hostile input may hold a request this long. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static final ExecutorService SENDERS = Executors.newCachedThreadPool();
    private static ChildJvmIngest ingest;
    private static HttpServer dtdServer;
    private static final AtomicInteger fetched = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        dtdServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dtdServer.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        dtdServer.start();
        ingest = new ChildJvmIngest(System.getProperty("hostile.max-heap", MAX_HEAP), HostileCorpus.SETTINGS);
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (dtdServer != null) {
            dtdServer.stop(0);
        }
        SENDERS.shutdownNow();
    }

    @Test
    void everyHostileInputGetsItsPreciseAnswerWhileAnotherClinicIsServed() throws Exception {
        // given another clinic posting valid batches all along
        List<HostileCase> corpus =
                HostileCorpus.cases("http://127.0.0.1:" + dtdServer.getAddress().getPort());
        List<String> wrong = new ArrayList<>();
        WellBehavedClinic good = new WellBehavedClinic(ingest.port(), ingest.otherClinicKey);

        // when every hostile input is sent
        try (good) {
            for (HostileCase c : corpus) {
                String problem = run(c);
                if (problem != null) {
                    wrong.add(c + ": " + problem);
                }
                assertThat(ingest.isAlive())
                        .as("the service survived %s; output: %s", c, ingest.output())
                        .isTrue();
            }
        }

        // then
        System.out.printf("[hostile] well-behaved clinic: %s over %d batches%n", good.answers(), good.batches());
        assertThat(wrong).as("cases answered otherwise than expected").isEmpty();
        assertThat(ingest.isAlive())
                .as("no OutOfMemoryError; output: %s", ingest.output())
                .isTrue();
        assertThat(good.answers().keySet()).as("the other clinic's answers").containsOnly("202");
        assertThat(good.batches()).isPositive();
        assertThat(fetched).as("requests for external entities or DTDs").hasValue(0);
        assertThat(HostileRequest.post("/v1/sleep-records")
                        .key(ingest.key)
                        .json(HostileCorpus.record("after-the-corpus"))
                        .send(ingest.port(), BOUND)
                        .status())
                .isEqualTo(202);
        forgedRecordsWereWrittenForTheCallersClinicOnly();
    }

    /** Sends the case's request (its copies at once) and says what was wrong with the answers, or null. */
    private static String run(HostileCase c) {
        List<CompletableFuture<HttpResponse>> sent = new ArrayList<>();
        for (int i = 0; i < c.copies(); i++) {
            sent.add(CompletableFuture.supplyAsync(
                    () -> c.request().apply(ingest.key).send(ingest.port(), BOUND), SENDERS));
        }
        List<String> problems = new ArrayList<>();
        int expected = 0;
        for (CompletableFuture<HttpResponse> answer : sent) {
            HttpResponse response;
            try {
                response = answer.get(BOUND.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                problems.add("no answer within " + BOUND + " (" + (e.getCause() == null ? e : e.getCause()) + ")");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            boolean overQuota = c.copies() > 1 && response.status() == 429 && "clinic_busy".equals(response.error());
            String problem = overQuota ? null : judge(c, response);
            expected += overQuota ? 0 : 1;
            System.out.printf(
                    "[hostile] %-62s %d %-18s %5d ms%s%n",
                    c,
                    response.status(),
                    response.error(),
                    response.elapsed().toMillis(),
                    problem == null ? "" : "  WRONG: " + problem);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (problems.isEmpty() && expected == 0) {
            problems.add("every copy was over the clinic's quota; none got " + c.status() + " " + c.error());
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String judge(HostileCase c, HttpResponse response) {
        if (response.status() != c.status() || !Objects.equals(response.error(), c.error())) {
            return "expected " + c.status() + " " + c.error() + ", got " + response.status() + " " + response.json();
        }
        if (response.elapsed().compareTo(BOUND) > 0) {
            return "took " + response.elapsed();
        }
        try {
            c.then().accept(response);
        } catch (AssertionError e) {
            return e.getMessage();
        }
        return null;
    }

    private static void forgedRecordsWereWrittenForTheCallersClinicOnly() {
        List<String> forged = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : ingest.readPlaintext(ingest.sleepTopic)) {
            SleepRecord value = Codecs.sleepRecord().decode(record.value());
            String client = value.getClientId().toString();
            if (client.startsWith(HostileCorpus.FORGED)) {
                forged.add(value.getClinicId() + "/" + client);
            }
            if (value.getClinicId().toString().equals(RunningIngest.OTHER_CLINIC)) {
                assertThat(client).as("a record of the other clinic").startsWith("good-");
            }
        }
        assertThat(forged)
                .containsExactlyInAnyOrder(
                        "clinic-a/forged-query", "clinic-a/forged-vendor-query", "clinic-a/forged-headers");
        Map<String, Long> rejectionsByKey = new HashMap<>();
        TopicContents.readCommitted(ingest.bootstrapServers, ingest.rejectionsTopic)
                .forEach(r -> rejectionsByKey.merge(r.key(), 1L, Long::sum));
        assertThat(rejectionsByKey.get(Canonical.CLINIC + "/" + HostileCorpus.ARRAY_CLIENT))
                .as("rejection entries of the 10 000 nights outside the retention")
                .isPositive();
    }
}
