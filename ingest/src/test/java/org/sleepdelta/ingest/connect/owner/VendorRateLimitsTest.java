package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.testing.MutableClock;

/** An owner's share of a vendor's rate limit, and a 429's Retry-After. */
class VendorRateLimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

    @Test
    void anOwnerOfHalfThePartitionsGetsHalfTheRate() {
        // given 120 requests a minute for the app; this owner holds 1 of 2 partitions: 1 a second
        VendorRateLimits limits = new VendorRateLimits(clock, Map.of("oura", 120));
        limits.share(1, 2);

        // then one call now, none more until a second has passed
        assertThat(limits.tryTake("oura")).isTrue();
        assertThat(limits.tryTake("oura")).isFalse();
        assertThat(limits.wait("oura")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limits.tryTake("oura")).isTrue();
    }

    @Test
    void noCallBeforeRetryAfterEvenWithTokensLeftOrANewShare() {
        VendorRateLimits limits = new VendorRateLimits(clock, Map.of("oura", 6000));
        limits.share(2, 2);
        limits.closeUntil("oura", clock.instant().plusSeconds(30));

        limits.share(1, 2);

        assertThat(limits.tryTake("oura")).isFalse();
        assertThat(limits.wait("oura")).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limits.tryTake("oura")).isTrue();
    }

    @Test
    void anOwnerWithoutPartitionsCallsNoVendorAfterItsFirstToken() {
        VendorRateLimits limits = new VendorRateLimits(clock, Map.of("oura", 6000));
        limits.share(0, 2);

        limits.tryTake("oura");
        clock.advance(Duration.ofMinutes(10));

        assertThat(limits.tryTake("oura")).isFalse();
    }
}
