package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.connections.ConnectionStatus;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * The owner against the real broker and an in-memory vendor ({@link ScriptedVendor}): a connection backfills page by
 * page and becomes ACTIVE; a revoked consent, ours or the vendor's, stops the pulling; a 429 is waited out; an erasure
 * deletes the connection.
 */
class ConnectionOwnerIT {
    private final OwnerFixture fixture = new OwnerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }

    @Test
    void aNewConnectionBackfillsEveryNightOnceAndBecomesActive() {
        // given
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        fixture.startOwner(vendor, 6000, registry);

        // when 5 nights are to be backfilled, 2 a chunk
        fixture.connect("c1", vendor, 5);

        // then
        await("the connection to be caught up")
                .until(() -> fixture.connection("c1")
                        .map(c -> c.status() == ConnectionStatus.ACTIVE)
                        .orElse(false));
        Connection c = fixture.connection("c1").orElseThrow();
        LocalDate today = fixture.today();
        assertThat(c.syncedThrough()).isEqualTo(today);
        assertThat(c.pull()).isNull();
        assertThat(c.lastSuccessAt()).isNotNull();
        assertThat(c.nextPullAt()).isAfter(fixture.clock.instant().plus(Duration.ofMinutes(50)));
        Map<String, Integer> counts = fixture.sleepRecordCounts();
        assertThat(counts).hasSize(5).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(fixture.sleepRecords())
                .allSatisfy(r -> assertThat(r.getClientId()).isEqualTo("c1"));
        assertThat(vendor.fetches())
                .extracting(ScriptedVendor.Fetch::from)
                .containsExactly(today.minusDays(4), today.minusDays(4), today.minusDays(2), today.minusDays(2), today);
        assertThat(registry.get(OwnerMetrics.PULLS)
                        .tags("vendor", "oura", "outcome", "ok")
                        .counter()
                        .count())
                .isEqualTo(5.0);
        assertThat(registry.get(OwnerMetrics.RECORDS)
                        .tags("vendor", "oura")
                        .counter()
                        .count())
                .isEqualTo(5.0);
        await("the owned gauge")
                .until(() -> registry.get(OwnerMetrics.OWNED)
                                .tags("vendor", "oura", "status", "ACTIVE")
                                .gauge()
                                .value()
                        == 1.0);
    }

    @Test
    void aRevokedConsentStopsThePulling() {
        // given an active connection
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        fixture.startOwner(vendor);
        fixture.connect("c2", vendor, 1);
        await("the connection to be caught up")
                .until(() -> fixture.connection("c2")
                        .map(c -> c.status() == ConnectionStatus.ACTIVE)
                        .orElse(false));

        // when the clinic disconnects it
        fixture.send(ConnectionRequest.revoke(OwnerFixture.key("c2"), fixture.clock.instant(), "api"));

        // then it is revoked at the vendor and here, without tokens
        await("the connection to be revoked")
                .until(() -> fixture.connection("c2")
                        .map(c -> c.status() == ConnectionStatus.REVOKED)
                        .orElse(false));
        Connection revoked = fixture.connection("c2").orElseThrow();
        assertThat(revoked.tokens()).isNull();
        assertThat(revoked.nextPullAt()).isNull();
        assertThat(vendor.revoked()).containsExactly("user-c2");
        int fetchesBefore = vendor.fetches().size();

        // and a webhook asking to pull afterwards pulls nothing
        fixture.send(
                ConnectionRequest.notify(OwnerFixture.key("c2"), "user-c2", null, null, true, fixture.clock.instant()));
        await("the notification to be applied")
                .until(() -> fixture.connection("c2").orElseThrow().lastWebhookAt() != null);
        assertThat(fixture.connection("c2").orElseThrow().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(vendor.fetches()).hasSize(fetchesBefore);
    }

    @Test
    void aGrantWithdrawnAtTheVendorNeedsANewConsentAndStopsThePulling() {
        // given a connection whose access token expired, and whose grant the user withdrew at the vendor
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, Duration.ZERO);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        fixture.startOwner(vendor, 6000, registry);

        // when
        fixture.connect("c3", vendor, 2);
        vendor.withdrawAllGrants();

        // then
        await("the connection to need a new consent")
                .until(() -> fixture.connection("c3")
                        .map(c -> c.status() == ConnectionStatus.REAUTH_REQUIRED)
                        .orElse(false));
        Connection stopped = fixture.connection("c3").orElseThrow();
        assertThat(stopped.nextPullAt()).isNull();
        assertThat(stopped.lastError().kind()).isEqualTo("invalid_grant");
        assertThat(stopped.lastError().detail()).doesNotContain("refresh-", "access-");
        assertThat(vendor.fetches()).isEmpty();
        assertThat(vendor.invalidGrants()).isEqualTo(1);
        assertThat(registry.get(OwnerMetrics.REFRESHES)
                        .tags("vendor", "oura", "outcome", "invalid_grant")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSays() {
        // given the vendor's first answer is a 429 asking for 2 seconds
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        vendor.failNextFetchWith(
                new VendorException(VendorException.Kind.RATE_LIMITED, 429, Duration.ofSeconds(2), "oura sleep: 429"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        fixture.startOwner(vendor, 6000, registry);

        // when
        fixture.connect("c4", vendor, 1);

        // then the night arrives, and no call came before the 2 seconds were up
        await("the night to arrive").until(() -> fixture.sleepRecordCounts().size() == 1);
        List<ScriptedVendor.Fetch> fetches = vendor.fetches();
        assertThat(fetches).hasSize(2);
        assertThat(Duration.between(fetches.get(0).at(), fetches.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(registry.get(OwnerMetrics.RATE_LIMITED)
                        .tags("vendor", "oura")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aServerErrorBacksTheConnectionOffSayingWhyWithoutTheBody() {
        // given
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        vendor.failNextFetchWith(new VendorException(VendorException.Kind.SERVER, 503, "oura sleep: 503"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        fixture.startOwner(vendor, 6000, registry);

        // when
        fixture.connect("c6", vendor, 1);

        // then
        await("the failure to be recorded")
                .until(() -> fixture.connection("c6")
                        .map(c -> c.consecutiveFailures() == 1)
                        .orElse(false));
        Connection failed = fixture.connection("c6").orElseThrow();
        assertThat(failed.status()).isEqualTo(ConnectionStatus.BACKFILLING);
        assertThat(failed.lastError().kind()).isEqualTo("server");
        assertThat(failed.lastError().detail()).isEqualTo("HTTP 503: oura sleep: 503");
        assertThat(failed.nextPullAt()).isAfter(failed.updatedAt().plusSeconds(20));
        assertThat(vendor.fetches()).hasSize(1);
        assertThat(registry.get(OwnerMetrics.ERRORS)
                        .tags("vendor", "oura", "kind", "server")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnceAfterA401() {
        // given an access token the vendor no longer takes, though it has not said it expired
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        fixture.startOwner(vendor);
        OAuthTokens issued = vendor.issue();
        vendor.failNextFetchWith(new VendorException(VendorException.Kind.UNAUTHORIZED, 401, "oura sleep: 401"));

        // when
        fixture.send(ConnectionRequest.connect(
                OwnerFixture.key("c7"),
                "user-c7",
                issued,
                OwnerFixture.ZONE.getId(),
                fixture.today(),
                fixture.clock.instant()));

        // then one refresh, and the night arrives with the new token
        await("the connection to be caught up")
                .until(() -> fixture.connection("c7")
                        .map(c -> c.status() == ConnectionStatus.ACTIVE)
                        .orElse(false));
        assertThat(vendor.presentedRefreshTokens()).containsExactly(issued.refreshToken());
        assertThat(vendor.fetches())
                .extracting(ScriptedVendor.Fetch::accessToken)
                .containsExactly(
                        issued.accessToken(),
                        fixture.connection("c7").orElseThrow().tokens().accessToken());
        assertThat(fixture.sleepRecordCounts()).hasSize(1);
    }

    @Test
    void anErasureRevokesAndDeletesTheConnection() {
        // given
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        fixture.startOwner(vendor);
        fixture.connect("c5", vendor, 1);
        await("the connection to be caught up")
                .until(() -> fixture.connection("c5")
                        .map(c -> c.status() == ConnectionStatus.ACTIVE)
                        .orElse(false));

        // when
        fixture.send(ConnectionRequest.erase(OwnerFixture.key("c5"), fixture.clock.instant()));

        // then
        await("the tombstone").until(() -> fixture.tombstoned("c5"));
        assertThat(fixture.connection("c5")).isEmpty();
        assertThat(vendor.revoked()).containsExactly("user-c5");
    }
}
