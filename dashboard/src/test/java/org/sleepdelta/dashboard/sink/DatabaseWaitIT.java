package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;

/** Start waits for a PostgreSQL that is not there yet, up to {@code database-wait}, and says so one line a time. */
class DatabaseWaitIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PASSWORD = "pa55word";

    private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    private final SinkTopics topics = TestTopics.unique("sleep-change-metrics", "nightly-sleep");
    private final String groupId = KafkaTestBroker.uniqueName("sink-wait");

    @Test
    void theSinkWaitsForADatabaseThatStartsLaterThenBecomesReadyAndWritesRows() throws Exception {
        // given: a night to write, and nothing listening on the database's port yet
        KafkaTestBroker.createTopics(1, topics.sleepChangeMetrics(), topics.nightlySleep(), topics.clientErasures());
        NightKey monday = SleepData.nightKey(clinic, "c1", LocalDate.of(2026, 3, 2));
        try (TopicWriter writer = new TopicWriter()) {
            writer.night(topics.nightlySleep(), monday, SleepData.night(monday, 415));
            writer.flush();
        }
        int port = freePort();
        TestDatabase later = new TestDatabase("jdbc:postgresql://localhost:" + port + "/postgres", TestPostgres.USER);
        try (LogCapture logs = new LogCapture();
                RunningSink sink = RunningSink.create(
                        later, topics, groupId, Map.of("database-wait", "2m", "jdbc-password", PASSWORD))) {
            // when
            CompletableFuture<Void> starting = CompletableFuture.runAsync(sink.service::start);

            // then: it tries again and again, not ready meanwhile
            await().atMost(PATIENCE).until(() -> attempts(logs).size() >= 2);
            assertThat(starting).isNotDone();
            assertThat(sink.status().ready()).isFalse();

            // and when the database comes up on that port
            try (EmbeddedPostgres postgres =
                    EmbeddedPostgres.builder().setPort(port).start()) {
                // then: start returns, the sink is ready and writes the night
                starting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                await().atMost(PATIENCE).until(() -> sink.status().ready());
                await().atMost(PATIENCE)
                        .until(() -> later.count(
                                        "select count(*) from nightly_sleep"
                                                + " where clinic_id = ? and total_sleep_minutes = 415",
                                        clinic)
                                == 1);
                sink.close();
            }
            assertThat(attempts(logs))
                    .allSatisfy(line -> assertThat(line)
                            .contains("jdbc:postgresql://localhost:" + port + "/postgres ")
                            .doesNotContain(PASSWORD, "\n"));
            assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(PASSWORD));
        }
    }

    @Test
    void afterTheLimitStartFailsWithAReadableErrorThatShowsNoSecret() {
        // given: nothing will ever listen there; the URL carries a password too
        int port = freePort();
        TestDatabase nowhere =
                new TestDatabase("jdbc:postgresql://127.0.0.1:" + port + "/dashboard?password=inurl", "sink");
        try (LogCapture logs = new LogCapture();
                RunningSink sink = RunningSink.create(
                        nowhere, topics, groupId, Map.of("database-wait", "2s", "jdbc-password", PASSWORD))) {
            long started = System.nanoTime();

            // when / then
            assertThatThrownBy(sink.service::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the dashboard database at jdbc:postgresql://127.0.0.1:" + port
                            + "/dashboard did not accept a connection within 2.0 s (database-wait, ")
                    .hasMessageContaining("refused")
                    .hasMessageNotContainingAny(PASSWORD, "inurl");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(attempts(logs))
                    .hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(line -> assertThat(line)
                            .contains("jdbc:postgresql://127.0.0.1:" + port + "/dashboard ")
                            .doesNotContain(PASSWORD, "inurl", "\n"));
            assertThat(sink.status().running()).isFalse();
        }
    }

    @Test
    void aDatabaseThatDoesNotExistIsNotWaitedFor() {
        // given: the server answers, but has no such database; waiting would not help
        String serverUrl = TestPostgres.freshDatabase("wait_server").url();
        TestDatabase missing = new TestDatabase(
                serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + "no_such_database", TestPostgres.USER);
        try (RunningSink sink = RunningSink.create(missing, topics, groupId, Map.of("database-wait", "1h"))) {
            // when
            CompletableFuture<Void> starting = CompletableFuture.runAsync(sink.service::start);

            // then
            await().atMost(PATIENCE).until(starting::isDone);
            assertThatThrownBy(starting::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("could not connect to the dashboard database at ")
                    .hasMessageContaining("3D000");
        }
    }

    @Test
    void closingTheSinkEndsTheWait() {
        // given
        TestDatabase nowhere = new TestDatabase("jdbc:postgresql://127.0.0.1:" + freePort() + "/dashboard", "sink");
        try (LogCapture logs = new LogCapture();
                RunningSink sink = RunningSink.create(nowhere, topics, groupId, Map.of("database-wait", "1h"))) {
            CompletableFuture<Void> starting = CompletableFuture.runAsync(sink.service::start);
            await().atMost(PATIENCE).until(() -> !attempts(logs).isEmpty());

            // when
            sink.close();

            // then
            await().atMost(PATIENCE).until(starting::isDone);
            assertThatThrownBy(starting::get)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the sink was closed while it waited for the dashboard database");
            assertThat(sink.status().running()).isFalse();
        }
    }

    private static List<String> attempts(LogCapture logs) {
        return logs.lines().stream()
                .filter(line -> line.contains("not reachable (attempt "))
                .toList();
    }

    /** A port nothing listens on now (the test then starts PostgreSQL on it, or not). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
