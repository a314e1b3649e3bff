package org.sleepdelta.cli.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * to {@link #MAX_IN_FLIGHT} at once.
 *
 * <p>{@link #inRecordOrder} keeps a clinic's requests of one record type in order (each starts once the one before
 * it was answered), for runs whose output must be right: revisions of one record must reach the pipeline in their
 * order. Without it, overlapping requests may overtake each other, which costs the pipeline the same.
 *
 * <p>When a tick starts after the next one was due (the requests in flight were at their limit), the schedule moves
 * on from now: the sender never catches up in bursts (that would measure queueing, not freshness), so a sender that
 * falls behind shows in the achieved rate.
 */
public final class PacedSender {
    public static final int MAX_IN_FLIGHT = 16;

    private final IngestPoster poster;
    private final Duration interval;
    private final boolean inRecordOrder;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The last request of each clinic and record type, when requests keep their order. */
    private final Map<String, CompletableFuture<Void>> lastRequest = new HashMap<>();

    /**
     * What a paced run did.
     *
     * @param sentEvents how many of the events given (from the first) were posted; the rest were not due in time
     */
    public record Outcome(
            long accepted,
            int sentEvents,
            long startedAtMillis,
            double seconds,
            long ticks,
            long lateTicks,
            long retriedAnswers) {
        public double recordsPerSecond() {
            return seconds > 0 ? accepted / seconds : 0;
        }

        /** When the last request had been answered, on the wall clock. */
        public long endedAtMillis() {
            return startedAtMillis + (long) Math.ceil(seconds * 1000);
        }
    }

    /** Requests may overtake each other (open loop). */
    public PacedSender(URI base, Map<String, String> keyByClinic, Duration interval) {
        this(base, keyByClinic, interval, false);
    }

    private PacedSender(URI base, Map<String, String> keyByClinic, Duration interval, boolean inRecordOrder) {
        this.poster = new IngestPoster(base, keyByClinic);
        this.interval = interval;
        this.inRecordOrder = inRecordOrder;
    }

    /** Each clinic's requests of one record type are sent one after the other, so revisions keep their order. */
    public static PacedSender inRecordOrder(URI base, Map<String, String> keyByClinic, Duration interval) {
        return new PacedSender(base, keyByClinic, interval, true);
    }

    /**
     * Posts {@code recordsPerSecond} of {@code events} (from the first, in their order) for {@code duration}, or
     * until the events run out; returns once every request has been answered.
     */
    public Outcome run(List<SimulatedEvent> events, double recordsPerSecond, Duration duration) throws Exception {
        ExecutorService requests = Executors.newFixedThreadPool(MAX_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "paced-sender");
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
            return new Outcome(
                    accepted.get(), sent, startedAtMillis, seconds, ticks, lateTicks, poster.retriedAnswers());
        } finally {
            requests.shutdownNow();
        }
    }

    private void post(List<SimulatedEvent> due, ExecutorService requests) throws InterruptedException {
        Map<String, ArrayNode> batches = new LinkedHashMap<>();
        for (SimulatedEvent event : due) {
            String path = event.isSleepRecord() ? IngestPoster.SLEEP_RECORDS : IngestPoster.MASSAGE_SESSIONS;
            batches.computeIfAbsent(
                            event.record().clinicId() + " " + path,
                            k -> CanonicalJson.mapper().createArrayNode())
                    .add(event.record().toJson());
        }
        for (Map.Entry<String, ArrayNode> batch : batches.entrySet()) {
            String[] clinicAndPath = batch.getKey().split(" ", 2);
            inFlight.acquire(); // blocks the schedule only when MAX_IN_FLIGHT requests are unanswered
            Runnable request = () -> {
                try {
                    accepted.addAndGet(poster.post(clinicAndPath[0], clinicAndPath[1], batch.getValue())
                            .accepted());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            };
            if (inRecordOrder) {
                CompletableFuture<Void> previous =
                        lastRequest.getOrDefault(batch.getKey(), CompletableFuture.completedFuture(null));
                lastRequest.put(batch.getKey(), previous.thenRunAsync(request, requests));
            } else {
                requests.execute(request);
            }
        }
    }
}
