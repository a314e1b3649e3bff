package org.sleepdelta.embedded.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whether Testcontainers can reach a Docker engine, answered within a bounded time. */
final class DockerDetection {

    // Testcontainers pings each engine it finds; an engine that accepts connections but never answers must not
    // stall every test run.
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private DockerDetection() {}

    static boolean dockerAvailable() {
        if (!testcontainersOnClasspath()) {
            return false;
        }
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(
                () -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
        try {
            return probe.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean testcontainersOnClasspath() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, DockerDetection.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
