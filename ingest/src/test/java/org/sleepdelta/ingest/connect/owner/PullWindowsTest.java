package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.OAuthTokens;
import org.sleepdelta.schemas.connections.PullWindow;

/** Which nights a pull asks for: chunks up to today, from the lookback before the last night synced. */
class PullWindowsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    private final PullWindows windows = new PullWindows(Duration.ofDays(2), 30, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Connection connection(LocalDate backfillFrom) {
        return Connection.connected(
                new ConnectionKey("clinic-a", "c1", "oura"),
                "u1",
                new OAuthTokens("a", "r", null, null),
                null,
                backfillFrom,
                NOW);
    }

    @Test
    void aBackfillIsPulledInChunksUpToToday() {
        Connection c = connection(TODAY.minusDays(59));

        PullWindow first = windows.next(c);
        PullWindow second = windows.after(c, first);

        assertThat(first).isEqualTo(new PullWindow(TODAY.minusDays(59), TODAY.minusDays(30), null));
        assertThat(second).isEqualTo(new PullWindow(TODAY.minusDays(29), TODAY, null));
        assertThat(windows.after(c, second)).isNull();
    }

    @Test
    void aSyncedConnectionIsPulledFromTheLookback() {
        Connection c = connection(TODAY.minusDays(59)).toBuilder()
                .syncedThrough(TODAY.minusDays(1))
                .build(NOW);

        assertThat(windows.next(c)).isEqualTo(new PullWindow(TODAY.minusDays(3), TODAY, null));
    }

    @Test
    void thePullInProgressIsResumedAtItsCursor() {
        PullWindow inProgress = new PullWindow(TODAY.minusDays(5), TODAY, "page-2");
        Connection c =
                connection(TODAY.minusDays(59)).toBuilder().pull(inProgress).build(NOW);

        assertThat(windows.next(c)).isEqualTo(inProgress);
    }

    @Test
    void aWindowThatDoesNotJoinOnToWhatWasSyncedDoesNotMoveSyncedThrough() {
        Connection c = connection(TODAY.minusDays(59)).toBuilder()
                .syncedThrough(TODAY.minusDays(20))
                .build(NOW);

        assertThat(PullWindows.syncedThrough(c, new PullWindow(TODAY.minusDays(5), TODAY, null)))
                .isEqualTo(TODAY.minusDays(20));
        assertThat(PullWindows.syncedThrough(c, new PullWindow(TODAY.minusDays(22), TODAY, null)))
                .isEqualTo(TODAY);
    }

    @Test
    void aNotificationNeverReachesBeforeTheBackfillNorAfterToday() {
        Connection c = connection(TODAY.minusDays(10));

        assertThat(windows.startingAt(c, TODAY.minusDays(400)).from()).isEqualTo(TODAY.minusDays(10));
        assertThat(windows.startingAt(c, TODAY.plusDays(3))).isEqualTo(new PullWindow(TODAY, TODAY, null));
    }
}
