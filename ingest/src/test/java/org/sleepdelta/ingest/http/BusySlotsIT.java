package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A full service turns batches away at once (429 + Retry-After) instead of queueing them. */
class BusySlotsIT {
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean holdNext = new AtomicBoolean(true);
    private RunningIngest ingest;

    @BeforeEach
    void start() {
        // One slot; the first batch to take it waits in the hook until the test releases it.
        BatchHook holdFirst = () -> {
            if (holdNext.compareAndSet(true, false)) {
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ingest = RunningIngest.builder()
                .setting("max-concurrent-batches", "1")
                .wiring(w -> w.batchHook(holdFirst))
                .start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        ingest.close();
    }

    @Test
    void batchArrivingWhileEverySlotIsTakenIsTurnedAwayWithRetryAfter() throws Exception {
        // given a batch holding the only slot
        CompletableFuture<HttpResponse> first = CompletableFuture.supplyAsync(
                () -> ingest.postSleep().json(sleep("busy-1", "b1", 1)).send());
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

        // when another clinic's batch (and dry run, which takes a slot too) arrives: another clinic's, as the first
        // clinic is at its quota of 1 (ClinicQuotaIT)
        HttpResponse second = ingest.client
                .post("/v1/sleep-records")
                .key(ingest.otherClinicKey)
                .json(sleep("busy-2", "b2", 1).put("clinicId", RunningIngest.OTHER_CLINIC))
                .send();
        HttpResponse dryRun = ingest.client
                .post("/v1/massage-sessions?dryRun=true")
                .key(ingest.otherClinicKey)
                .json(Canonical.session("busy-3", "s3", 1).put("clinicId", RunningIngest.OTHER_CLINIC))
                .send();

        // then both are turned away while the first still waits
        for (HttpResponse response : List.of(second, dryRun)) {
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.error()).isEqualTo("busy");
            assertThat(response.header("Retry-After")).contains("1");
        }
        assertThat(first).isNotDone();

        // and once the slot is free, batches are taken again
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(202);
        assertThat(ingest.postSleep().json(sleep("busy-4", "b4", 1)).send().status())
                .isEqualTo(202);
    }

    @Test
    void requestRefusedBeforeTakingASlotDoesNotHoldOne() {
        // given requests that fail authentication and content negotiation
        ingest.client.post("/v1/sleep-records").json(sleep("busy-5", "b5", 1)).send();
        ingest.postSleep()
                .body("{}".getBytes(StandardCharsets.UTF_8), "text/plain")
                .send();
        holdNext.set(false); // from here on, nothing is held

        // when
        HttpResponse response =
                ingest.postSleep().json(sleep("busy-6", "b6", 1)).send();

        // then
        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void slotOfAFailedBatchIsFreedForTheNext() {
        // given a batch that fails validation while holding the only slot
        holdNext.set(false);
        HttpResponse invalid = ingest.postSleep()
                .json(sleep("busy-7", "b7", 1).put("totalSleepMinutes", -1))
                .send();
        assertThat(invalid.status()).isEqualTo(400);

        // when
        HttpResponse next = ingest.postSleep().json(sleep("busy-8", "b8", 1)).send();

        // then
        assertThat(next.status()).isEqualTo(202);
    }
}
