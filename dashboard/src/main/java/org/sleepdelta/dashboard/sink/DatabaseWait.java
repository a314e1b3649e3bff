package org.sleepdelta.dashboard.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start until PostgreSQL accepts a connection, trying again after a growing pause, up to a limit
 * ({@code database-wait}): the sink and its database are often started together, and the database takes longer.
 * Only failures to connect are waited for; a wrong password or a missing database does not mend by waiting, so it
 * fails at once. Each attempt logs one line, naming the database by a URL without parameters (which may hold a
 * password) and never the password.
 */
final class DatabaseWait {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWait.class);
    /** The server is starting up, shutting down or restarting (class 57P); any class 08 is a connection failure. */
    private static final Set<String> NOT_YET = Set.of("57P01", "57P02", "57P03");

    private final Database database;
    private final String target;
    private final Duration limit;
    private final Backoff backoff;
    private final CountDownLatch cancelled;

    /**
     * @param target    the database as logs may name it
     * @param cancelled counted down to give up at once (the sink is closed)
     */
    DatabaseWait(Database database, String target, Duration limit, Backoff backoff, CountDownLatch cancelled) {
        this.database = database;
        this.target = target;
        this.limit = limit;
        this.backoff = backoff;
        this.cancelled = cancelled;
    }

    /**
     * Returns once the database answers, with the sink's connection open.
     *
     * @throws IllegalStateException with a message for people: after {@code limit}, at once when the failure is not
     *                               one of connecting, or when cancelled
     */
    void await() {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                database.check();
                if (attempt > 1) {
                    log.info("Dashboard database at {} answered after {} attempt(s)", target, attempt);
                }
                return;
            } catch (SQLException e) {
                if (!worthWaitingFor(e)) {
                    throw new SinkStartException(
                            "could not connect to the dashboard database at " + target + ": " + describe(e), e);
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new SinkStartException(
                            "the dashboard database at " + target
                                    + " did not accept a connection within " + seconds(limit.toNanos())
                                    + " (database-wait, "
                                    + attempt + " attempts); last error: " + describe(e),
                            e);
                }
                Duration pause = backoff.next();
                if (pause.toNanos() > deadline - now) {
                    pause = Duration.ofNanos(deadline - now);
                }
                log.warn(
                        "Dashboard database at {} not reachable (attempt {}, waited {} of {}): {}; next attempt in {}",
                        target,
                        attempt,
                        seconds(now - started),
                        seconds(limit.toNanos()),
                        describe(e),
                        seconds(pause.toNanos()));
                waitOrGiveUp(pause);
            }
        }
    }

    private void waitOrGiveUp(Duration pause) {
        try {
            if (cancelled.await(pause.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("the sink was closed while it waited for the dashboard database");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the dashboard database", e);
        }
    }

    static boolean worthWaitingFor(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || NOT_YET.contains(state);
    }

    /** The driver's message (which quotes host and port, never the password) and the SQL state. */
    private static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
