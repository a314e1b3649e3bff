package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One clinic cannot take every slot: beyond max-batches-per-clinic it gets 429 clinic_busy, others still get in. */
class ClinicQuotaIT {
    /** The first {@code toHold} batches to take a slot wait in the hook until the test releases them. */
    private final AtomicInteger toHold = new AtomicInteger();

    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);
    private RunningIngest ingest;

    @BeforeEach
    void start() {
        BatchHook hold = () -> {
            if (toHold.getAndDecrement() > 0) {
                held.release();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        // 4 slots and the default quota: half of them, 2, per clinic
        ingest = RunningIngest.builder()
                .setting("max-concurrent-batches", "4")
                .wiring(w -> w.batchHook(hold))
                .start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        ingest.close();
    }

    @Test
    void clinicAtItsQuotaIsTurnedAwayWhileAnotherClinicStillGetsASlot() throws Exception {
        // given two batches of one clinic in work, its quota
        toHold.set(2);
        List<CompletableFuture<HttpResponse>> mine = List.of(
                CompletableFuture.supplyAsync(
                        () -> ingest.postSleep().json(sleep("quota-1", "q1", 1)).send()),
                CompletableFuture.supplyAsync(
                        () -> ingest.postSleep().json(sleep("quota-2", "q2", 1)).send()));
        assertThat(held.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();

        // when the same clinic sends a third, and another clinic sends one
        HttpResponse third = ingest.postSleep().json(sleep("quota-3", "q3", 1)).send();
        HttpResponse theirs = ingest.client
                .post("/v1/sleep-records")
                .key(ingest.otherClinicKey)
                .json(sleep("quota-4", "q4", 1).put("clinicId", RunningIngest.OTHER_CLINIC))
                .send();

        // then the third is turned away in our shape, with Retry-After; the other clinic's batch is accepted
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.error()).isEqualTo("clinic_busy");
        assertThat(third.json().get("message").asText()).contains("max-batches-per-clinic");
        assertThat(third.json().get("problems")).isEmpty();
        assertThat(third.header("Retry-After")).contains("1");
        assertThat(theirs.status()).isEqualTo(202);
        assertThat(mine).noneMatch(CompletableFuture::isDone);

        // and once the clinic's batches end, its quota is free again
        release.countDown();
        for (CompletableFuture<HttpResponse> batch : mine) {
            assertThat(batch.get(30, TimeUnit.SECONDS).status()).isEqualTo(202);
        }
        assertThat(ingest.postSleep().json(sleep("quota-5", "q5", 1)).send().status())
                .isEqualTo(202);
    }

    @Test
    void quotaOfBatchesThatFailIsGivenBack() {
        // given more failing batches of one clinic than its quota: invalid records, an unreadable body
        for (int i = 0; i < 3; i++) {
            assertThat(ingest.postSleep()
                            .json(sleep("quota-bad-" + i, "b" + i, 1).put("totalSleepMinutes", -1))
                            .send()
                            .status())
                    .isEqualTo(400);
            assertThat(ingest.postSleep()
                            .body("{\"not\": ".getBytes(StandardCharsets.UTF_8), "application/json")
                            .send()
                            .status())
                    .isEqualTo(400);
        }

        // when
        HttpResponse next = ingest.postSleep().json(sleep("quota-ok", "ok", 1)).send();

        // then
        assertThat(next.status()).isEqualTo(202);
    }
}
