package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionStatus;

/**
 * Two owners of one group, one joining and the other leaving while connections backfill with access tokens that need
 * a refresh every second: each refresh token is presented once (no {@code invalid_grant}, so no two owners ever
 * refreshed the same rotation), and each page's night is written exactly once.
 */
class OwnersRaceIT {
    private static final int CONNECTIONS = 4;
    private static final int NIGHTS = 10;

    private final OwnerFixture fixture = new OwnerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void ownersJoiningAndLeavingRefreshEachRotationOnceAndWriteEachNightOnce() {
        // given a vendor whose access tokens are within the refresh margin a second after they are issued
        ScriptedVendor vendor =
                new ScriptedVendor(fixture.clock, Duration.ofSeconds(Puller.REFRESH_MARGIN_SECONDS + 1));
        vendor.pageDelay(Duration.ofMillis(100));
        ConnectionOwner first = fixture.startOwner(vendor, 6000, new SimpleMeterRegistry());
        for (int i = 1; i <= CONNECTIONS; i++) {
            fixture.connect("race-" + i, vendor, NIGHTS);
        }

        // when a second owner joins mid-way, and the first leaves mid-way
        Awaitility.await("some nights pulled by the first owner")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> vendor.fetches().size() >= 8);
        fixture.startOwner(vendor, 6000, new SimpleMeterRegistry());
        Awaitility.await("more nights pulled by both")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> vendor.fetches().size() >= 20);
        first.close();

        // then every connection is caught up
        Awaitility.await("every connection caught up")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<?, Connection> all = fixture.connections();
                    return all.size() == CONNECTIONS
                            && all.values().stream().allMatch(c -> c.status() == ConnectionStatus.ACTIVE);
                });
        List<String> presented = vendor.presentedRefreshTokens();
        assertThat(presented).isNotEmpty();
        assertThat(new HashSet<>(presented)).hasSameSizeAs(presented);
        assertThat(vendor.invalidGrants()).isZero();
        // and every access token used was in a committed state: refreshed tokens were made durable, then used
        Set<String> committedTokens = fixture.history().stream()
                .filter(c -> c.tokens() != null)
                .map(c -> c.tokens().accessToken())
                .collect(Collectors.toSet());
        assertThat(vendor.fetches())
                .extracting(ScriptedVendor.Fetch::accessToken)
                .allSatisfy(token -> assertThat(committedTokens).contains(token));
        Map<String, Integer> counts = fixture.sleepRecordCounts();
        assertThat(counts)
                .hasSize(CONNECTIONS * NIGHTS)
                .allSatisfy((id, n) -> assertThat(n).as("records of %s", id).isEqualTo(1));
        assertThat(fixture.connections().values())
                .allSatisfy(c -> assertThat(c.syncedThrough()).isEqualTo(fixture.today()));
    }
}
