package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trickling, stalled or endless upload is cut with 408 request_timeout in our JSON shape, and its slot (and its
 * clinic's quota) is free the moment the answer is out. The limits are set low so that this takes about a second:
 * 1KB/s after 500ms, no pause over 500ms, 2s in all.
 */
class SlowUploadIT {
    private static RunningIngest ingest;
    private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
    private final List<RawHttp> uploads = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        // 4 slots, 2 per clinic (the default: half)
        ingest = RunningIngest.builder()
                .setting("max-concurrent-batches", "4")
                .setting("min-upload-bytes-per-second", "1KB")
                .setting("min-upload-rate-grace", "500ms")
                .setting("request-deadline", "2s")
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @AfterEach
    void closeUploads() throws IOException {
        senders.shutdownNow();
        for (RawHttp upload : uploads) {
            upload.close();
        }
    }

    @Test
    void tricklingAndStalledUploadsAreCutWith408AndTheirSlotsAreFreeAtOnce() throws Exception {
        // given every slot held: by each clinic, one upload sending 20 bytes a second and one that stopped
        RawHttp mineTrickling = trickle(upload(ingest.key, 100_000), 1, Duration.ofMillis(50));
        RawHttp mineStalled = upload(ingest.key, 100_000);
        RawHttp theirsTrickling = trickle(upload(ingest.otherClinicKey, 100_000), 1, Duration.ofMillis(50));
        RawHttp theirsStalled = upload(ingest.otherClinicKey, 100_000);
        Awaitility.await("every slot taken")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> ingest.slotsInUse() == 4);

        // when they are cut
        List<RawHttp.Response> trickling = List.of(mineTrickling.response(), theirsTrickling.response());
        List<RawHttp.Response> stalled = List.of(mineStalled.response(), theirsStalled.response());

        // then each gets 408 in our shape, saying why
        for (RawHttp.Response response : trickling) {
            thenRequestTimeout(response, "less than 1024 bytes per second (min-upload-bytes-per-second)");
        }
        for (RawHttp.Response response : stalled) {
            thenRequestTimeout(response, "nothing of the body arrived for 500ms (min-upload-rate-grace)");
        }
        // and the slots were given back before the answers went out: no waiting
        assertThat(ingest.slotsInUse()).isZero();
        assertThat(ingest.postSleep().json(sleep("slow-1", "s1", 1)).send().status())
                .isEqualTo(202);
    }

    @Test
    void fourTricklingUploadsOfOneClinicDoNotTurnAnotherClinicAway() {
        // given four trickling uploads of one clinic
        List<CompletableFuture<RawHttp.Response>> mine = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawHttp upload = trickle(upload(ingest.key, 100_000), 1, Duration.ofMillis(50));
            mine.add(CompletableFuture.supplyAsync(() -> response(upload)));
        }

        // when two of them have been turned away (the clinic's quota is 2)
        Awaitility.await("two of the clinic's uploads answered")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> mine.stream().filter(CompletableFuture::isDone).count() == 2);
        HttpResponse theirs = ingest.client
                .post("/v1/sleep-records")
                .key(ingest.otherClinicKey)
                .json(sleep("slow-2", "s2", 1).put("clinicId", RunningIngest.OTHER_CLINIC))
                .send();

        // then those two got clinic_busy, the other clinic's batch was accepted, and the two holding slots are cut
        assertThat(mine.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
                .allSatisfy(response -> {
                    assertThat(response.status()).isEqualTo(429);
                    assertThat(response.json().get("error").asText()).isEqualTo("clinic_busy");
                });
        assertThat(theirs.status()).isEqualTo(202);
        assertThat(mine.stream().filter(f -> !f.isDone()).toList())
                .hasSize(2)
                .allSatisfy(f -> thenRequestTimeout(f.get(10, TimeUnit.SECONDS), "min-upload-bytes-per-second"));
        assertThat(ingest.slotsInUse()).isZero();
    }

    @Test
    void uploadFastEnoughButLongerThanTheDeadlineIsCut() throws Exception {
        // given an upload of 10 MB at 40 KB/s, well above the minimum rate, that would take 4 minutes
        RawHttp endless = trickle(upload(ingest.key, 10 * 1024 * 1024), 4096, Duration.ofMillis(100));

        // when
        RawHttp.Response response = endless.response();

        // then
        thenRequestTimeout(response, "the body was not read within 2s (request-deadline)");
        assertThat(ingest.slotsInUse()).isZero();
    }

    private static void thenRequestTimeout(RawHttp.Response response, String because) {
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().get("error").asText()).isEqualTo("request_timeout");
        assertThat(response.json().get("message").asText()).contains(because);
        assertThat(response.json().get("problems")).isEmpty();
    }

    /** Sends the head of a canonical batch of {@code length} bytes and its first byte, then nothing. */
    private RawHttp upload(String key, int length) {
        RawHttp upload = new RawHttp(ingest.service.port());
        uploads.add(upload);
        try {
            upload.send("POST /v1/sleep-records HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n[");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return upload;
    }

    /** Sends {@code bytes} spaces every {@code period} until the server closes the connection. */
    private RawHttp trickle(RawHttp upload, int bytes, Duration period) {
        byte[] chunk = new byte[bytes];
        Arrays.fill(chunk, (byte) ' ');
        senders.scheduleAtFixedRate(
                () -> {
                    try {
                        upload.send(chunk);
                    } catch (IOException closed) {
                        throw new UncheckedIOException(closed); // ends this schedule
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return upload;
    }

    private static RawHttp.Response response(RawHttp upload) {
        try {
            return upload.response();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
