package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.testing.MutableClock;

class AuthFailureLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AuthFailureLimiter limiter =
            new AuthFailureLimiter(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 100, clock);

    @Test
    void addressIsBlockedAfterTheLimitWithinTheWindowUntilTheBlockEnds() {
        // when
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");

        // then not yet
        assertThat(limiter.blocked("10.0.0.1")).isEmpty();

        // when the third failure comes within the window
        clock.advance(Duration.ofSeconds(30));
        limiter.failed("10.0.0.1");

        // then it is blocked for the block's length, and other addresses are not
        assertThat(limiter.blocked("10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(limiter.blocked("10.0.0.2")).isEmpty();
        clock.advance(Duration.ofMinutes(4));
        assertThat(limiter.blocked("10.0.0.1")).contains(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.blocked("10.0.0.1")).isEmpty();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotBlock() {
        for (int i = 0; i < 10; i++) {
            limiter.failed("10.0.0.1");
            limiter.failed("10.0.0.1");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(limiter.blocked("10.0.0.1")).isEmpty();
    }

    @Test
    void trackedAddressesAreCapped() {
        // when many addresses fail
        for (int i = 0; i < 1000; i++) {
            limiter.failed("10.0." + (i / 256) + "." + (i % 256));
        }

        // then only the cap is remembered: memory stays bounded
        assertThat(limiter.tracked()).isEqualTo(100);
    }
}
