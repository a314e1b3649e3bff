package org.sleepdelta.cli.bench.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.simulator.SimulatedEvent;

/**
 * Posts records through the clinic HTTP API at a steady rate: on a fixed schedule, every {@code interval}, the
 * records due by then (in arrival order), one request per clinic and record type, each clinic with its own key.
 * Requests are fired on schedule without waiting for earlier ones (open loop, as independent clinics would send), up
 * to {@link #MAX_IN_FLIGHT} at once; the pipeline does not depend on arrival order, so overlapping requests are fine.
 *
 * <p>When a tick starts after the next one was due (the requests in flight were at their limit), the schedule moves
 * on from now: the sender never catches up in bursts (that would measure queueing, not freshness), so a sender that
 * falls behind shows in the achieved rate.
 */
final class PacedSender {
    static final int MAX_IN_FLIGHT = 16;
    private static final int MAX_ATTEMPTS = 30;

    private final URI base;
    private final Map<String, String> keyByClinic;
    private final Duration interval;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retriedAnswers = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** What a paced run did. */
    record Outcome(
            long accepted, long startedAtMillis, double seconds, long ticks, long lateTicks, long retriedAnswers) {
        double recordsPerSecond() {
            return seconds > 0 ? accepted / seconds : 0;
        }
    }

    PacedSender(URI base, Map<String, String> keyByClinic, Duration interval) {
        this.base = base;
        this.keyByClinic = keyByClinic;
        this.interval = interval;
    }

    /**
     * Posts {@code recordsPerSecond} of {@code events} (from the first, in their order) for {@code duration}, or
     * until the events run out; returns once every request has been answered.
     */
    Outcome run(List<SimulatedEvent> events, double recordsPerSecond, Duration duration) throws Exception {
        ExecutorService requests = Executors.newFixedThreadPool(MAX_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "freshness-sender");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long intervalNanos = interval.toNanos();
            long startedAtMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long tickAt = start;
            long ticks = 0;
            long lateTicks = 0;
            int sent = 0;
            while (tickAt < end && sent < events.size() && failure.get() == null) {
                for (long wait = tickAt - System.nanoTime(); wait > 0; wait = tickAt - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                ticks++;
                // Counted in ticks, not in time: a late tick sends one tick's records, never the backlog.
                int due = (int) Math.min(events.size(), Math.floor(recordsPerSecond * ticks * intervalNanos / 1e9));
                post(events.subList(sent, due), requests);
                sent = due;
                long next = tickAt + intervalNanos;
                long now = System.nanoTime();
                if (now > next) {
                    lateTicks++;
                    next = now;
                }
                tickAt = next;
            }
            inFlight.acquire(MAX_IN_FLIGHT); // every request answered
            if (failure.get() != null) {
                throw new IllegalStateException("posting failed", failure.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome(accepted.get(), startedAtMillis, seconds, ticks, lateTicks, retriedAnswers.get());
        } finally {
            requests.shutdownNow();
        }
    }

    private void post(List<SimulatedEvent> due, ExecutorService requests) throws InterruptedException {
        Map<String, ArrayNode> batches = new LinkedHashMap<>();
        for (SimulatedEvent event : due) {
            String path = event.isSleepRecord() ? "/v1/sleep-records" : "/v1/massage-sessions";
            batches.computeIfAbsent(
                            event.record().clinicId() + " " + path,
                            k -> CanonicalJson.mapper().createArrayNode())
                    .add(event.record().toJson());
        }
        for (Map.Entry<String, ArrayNode> batch : batches.entrySet()) {
            String[] clinicAndPath = batch.getKey().split(" ", 2);
            inFlight.acquire(); // blocks the schedule only when MAX_IN_FLIGHT requests are unanswered
            requests.execute(() -> {
                try {
                    accepted.addAndGet(send(clinicAndPath[0], clinicAndPath[1], batch.getValue()));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private long send(String clinic, String path, ArrayNode batch) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + keyByClinic.get(clinic))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            CanonicalJson.mapper().writeValueAsBytes(batch)))
                    .timeout(Duration.ofSeconds(60))
                    .build();
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    JsonNode answer = CanonicalJson.mapper().readTree(response.body());
                    return answer.path("accepted").asLong();
                }
                boolean retry = response.statusCode() == 429 || response.statusCode() >= 500;
                if (!retry || attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("ingest answered " + response.statusCode() + " to " + path);
                }
                retriedAnswers.incrementAndGet();
                // Busy, or Kafka was too slow and the batch's transaction was aborted (nothing of it is visible):
                // the batch is sent again, as a clinic would; the rate achieved shows the wait.
                long waitMillis = 1000
                        * response.headers().firstValueAsLong("Retry-After").orElse(1);
                LockSupport.parkNanos(
                        Duration.ofMillis(Math.max(100, waitMillis)).toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + path, e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("posting to " + path + " failed", e);
        }
    }
}
