package org.sleepdelta.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.sleepdelta.cli.run.IngestPoster;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.simulator.SimulatedEvent;

/**
 * Sends simulated records through the clinic HTTP API, as clinics' integrations would: each clinic with its own API
 * key, in batches of 500, one batch at a time per clinic so that revisions of a record keep their order, and
 * waiting as told when the service answers 429 or 5xx ({@link IngestPoster}). Clinics move through the simulated months together, a chunk of
 * arrivals at a time: real clinics send as time passes, and one racing months ahead of the others through a shared
 * partition would push its event-time watermark past their retention.
 */
final class HttpFeeder {
    static final int BATCH_SIZE = 500;
    /** About three weeks of the default cohort's arrivals: far less than the 60-day retention. */
    static final int CHUNK_SIZE = 5_000;

    private final IngestPoster poster;
    private final Predicate<SimulatedEvent> uploaded;
    private final Consumer<List<SimulatedEvent>> afterChunk;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong outsideRetention = new AtomicLong();

    HttpFeeder(URI base, Map<String, String> keyByClinic) {
        this(base, keyByClinic, event -> true, chunk -> {});
    }

    /**
     * @param uploaded   which events this feeder posts (the others arrive another way, e.g. a connected wearable)
     * @param afterChunk called with every chunk once its uploads were accepted, to deliver the rest of it in step
     */
    HttpFeeder(
            URI base,
            Map<String, String> keyByClinic,
            Predicate<SimulatedEvent> uploaded,
            Consumer<List<SimulatedEvent>> afterChunk) {
        this.poster = new IngestPoster(base, keyByClinic);
        this.uploaded = uploaded;
        this.afterChunk = afterChunk;
    }

    /** Records ingest wrote to the input topics, as its answers counted them. */
    long accepted() {
        return accepted.get();
    }

    /** Records ingest took but found older than its retention: they are on rejected-records as TOO_LATE. */
    long outsideRetention() {
        return outsideRetention.get();
    }

    /** Returns once ingest took every record (202); throws on any other answer. */
    void feed(List<SimulatedEvent> events) throws Exception {
        for (int from = 0; from < events.size(); from += CHUNK_SIZE) {
            List<SimulatedEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK_SIZE));
            feedChunk(chunk.stream().filter(uploaded).toList());
            afterChunk.accept(chunk);
        }
    }

    private void feedChunk(List<SimulatedEvent> events) throws Exception {
        Map<String, List<SimulatedEvent>> byClinic = new LinkedHashMap<>();
        for (SimulatedEvent event : events) {
            byClinic.computeIfAbsent(event.record().clinicId(), c -> new ArrayList<>())
                    .add(event);
        }
        if (byClinic.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(byClinic.size());
        try {
            List<Future<?>> clinics = new ArrayList<>();
            byClinic.forEach((clinic, clinicEvents) -> clinics.add(pool.submit(() -> {
                feedClinic(clinic, clinicEvents);
                return null;
            })));
            for (Future<?> clinic : clinics) {
                clinic.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void feedClinic(String clinic, List<SimulatedEvent> events) throws Exception {
        ArrayNode sleep = CanonicalJson.mapper().createArrayNode();
        ArrayNode sessions = CanonicalJson.mapper().createArrayNode();
        for (SimulatedEvent event : events) {
            if (event.isSleepRecord()) {
                sleep.add(event.record().toJson());
                if (sleep.size() == BATCH_SIZE) {
                    post(clinic, IngestPoster.SLEEP_RECORDS, sleep);
                }
            } else {
                sessions.add(event.record().toJson());
                if (sessions.size() == BATCH_SIZE) {
                    post(clinic, IngestPoster.MASSAGE_SESSIONS, sessions);
                }
            }
        }
        post(clinic, IngestPoster.SLEEP_RECORDS, sleep);
        post(clinic, IngestPoster.MASSAGE_SESSIONS, sessions);
    }

    private void post(String clinic, String path, ArrayNode batch) throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        IngestPoster.Answer answer = poster.post(clinic, path, batch);
        accepted.addAndGet(answer.accepted());
        outsideRetention.addAndGet(answer.outsideRetention());
        batch.removeAll();
    }
}
