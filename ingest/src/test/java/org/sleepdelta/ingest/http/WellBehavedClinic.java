package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another clinic's client posting valid batches in a loop while the hostile corpus runs, counting its answers by
 * status. Every one must be a 2xx: a 429 {@code busy} would mean the hostile clinic took its capacity.
 */
final class WellBehavedClinic implements AutoCloseable {
    static final int RECORDS_PER_BATCH = 5;

    private final int port;
    private final String key;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentMap<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final Thread thread;

    WellBehavedClinic(int port, String key) {
        this.port = port;
        this.key = key;
        this.thread = new Thread(this::loop, "well-behaved-clinic");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            int batch = batches.incrementAndGet();
            List<ObjectNode> records = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_BATCH; i++) {
                ObjectNode record = Canonical.sleep("good-" + (i % 3), "good-" + batch + "-" + i, 1 + i);
                record.put("clinicId", RunningIngest.OTHER_CLINIC);
                records.add(record);
            }
            String answer;
            try {
                HttpResponse response = HostileRequest.post("/v1/sleep-records")
                        .key(key)
                        .json(Canonical.array(records))
                        .send(port, Duration.ofSeconds(30));
                answer = response.status() + (response.error() == null ? "" : " " + response.error());
            } catch (RuntimeException e) {
                answer = "failed: " + e.getClass().getSimpleName();
            }
            answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Answers by {@code status [error]}, e.g. {@code 202} or {@code 429 busy}. */
    ConcurrentMap<String, AtomicInteger> answers() {
        return answers;
    }

    int batches() {
        return answers.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(60).toMillis());
    }
}
