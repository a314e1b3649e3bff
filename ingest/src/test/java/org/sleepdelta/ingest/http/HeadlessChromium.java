package org.sleepdelta.ingest.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for the pages clients see: Debian's {@code chromium}, headless, printing the DOM it ends on after
 * following redirects. Required, not optional: .ci/run installs it, and a test that needs it fails (never skips)
 * when it is missing.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 90;

    private HeadlessChromium() {}

    /** The DOM of the page {@code url} ends on. */
    static String dumpDom(String url) throws InterruptedException {
        Path profile;
        try {
            profile = Files.createTempDirectory("sleepdelta-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return run(url, profile);
        } finally {
            deleteRecursively(profile);
        }
    }

    private static String run(String url, Path profile) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(
                            "chromium",
                            "--headless",
                            // Tests may run as root (containers, CI), where Chromium's sandbox cannot start.
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--no-first-run",
                            "--user-data-dir=" + profile,
                            "--dump-dom",
                            url))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "this test needs Debian's chromium on the PATH (apt-get install chromium; .ci/run installs it)", e);
        }
        CompletableFuture<String> dom = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + process.exitValue());
        }
        return dom.join();
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not a test failure
        }
    }
}
