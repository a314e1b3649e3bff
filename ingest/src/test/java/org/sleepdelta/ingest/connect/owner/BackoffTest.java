package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** 30 s doubling per failure, capped at 6 h, within ±20 % jitter. */
class BackoffTest {
    @Test
    void doublesFromThirtySecondsUpToSixHours() {
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(Backoff.after(1)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
            assertThat(Backoff.after(3)).isBetween(Duration.ofSeconds(96), Duration.ofSeconds(144));
            assertThat(Backoff.after(40)).isBetween(Duration.ofMinutes(288), Duration.ofMinutes(432));
        }
    }
}
