package org.sleepdelta.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Posts one batch of canonical records to the clinic HTTP API as a clinic's integration would: with the clinic's
 * own API key, and again after the wait the service asks for when it answers 429 (busy) or 5xx (Kafka was too slow
 * and the batch's transaction was aborted, so nothing of it is visible). Shared by the demo's and the bench's
 * senders.
 */
public final class IngestPoster {
    public static final String SLEEP_RECORDS = "/v1/sleep-records";
    public static final String MASSAGE_SESSIONS = "/v1/massage-sessions";

    private static final int MAX_ATTEMPTS = 30;

    private final URI base;
    private final Map<String, String> keyByClinic;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicLong retriedAnswers = new AtomicLong();

    /** What ingest answered (202) to a batch. */
    public record Answer(long accepted, long outsideRetention) {}

    public IngestPoster(URI base, Map<String, String> keyByClinic) {
        this.base = base;
        this.keyByClinic = Map.copyOf(keyByClinic);
    }

    /**
     * Returns once ingest took the batch (202); throws on any answer other than 202, 429 or 5xx, or when those
     * persist.
     *
     * @param path {@link #SLEEP_RECORDS} or {@link #MASSAGE_SESSIONS}
     */
    public Answer post(String clinic, String path, ArrayNode batch) throws IOException, InterruptedException {
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
                return new Answer(
                        answer.path("accepted").asLong(),
                        answer.path("outsideRetention").asLong(0));
            }
            boolean retry = response.statusCode() == 429 || response.statusCode() >= 500;
            if (!retry || attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(
                        "ingest answered " + response.statusCode() + " to " + path + ": " + response.body());
            }
            retriedAnswers.incrementAndGet();
            long waitMillis =
                    1000 * response.headers().firstValueAsLong("Retry-After").orElse(1);
            LockSupport.parkNanos(Duration.ofMillis(Math.max(100, waitMillis)).toNanos()); // as the service said
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting to post to " + path + " again");
            }
        }
    }

    /** Answers 429 or 5xx whose batch was sent again. */
    public long retriedAnswers() {
        return retriedAnswers.get();
    }
}
