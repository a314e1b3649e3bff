package org.sleepdelta.dashboard.provisioning;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code prometheus} and {@code promtool} binaries are, for the tests that run them: the file named by
 * {@value #ENV}, else the {@code PATH}. {@code promtool} is looked for beside that {@code prometheus} first. Tests that
 * need one skip (a JUnit assumption) with {@link #HOW_TO_INSTALL} when it is missing; CI installs them
 * ({@code .ci/run}).
 */
public final class PrometheusBinaries {
    /** A {@code prometheus} binary to use instead of the one on the {@code PATH}. */
    public static final String ENV = "SLEEPDELTA_PROMETHEUS_BIN";

    public static final String HOW_TO_INSTALL = "no prometheus/promtool binary found on the PATH or in " + ENV
            + ": install Debian's package (apt-get install -y --no-install-recommends prometheus, as .ci/run does),"
            + " or set " + ENV + " to a prometheus binary from https://prometheus.io/download/ (promtool beside it)";

    private PrometheusBinaries() {}

    public static Optional<Path> prometheus() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            Path binary = Path.of(configured);
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(ENV + "=" + configured + " is not an executable file");
            }
            return Optional.of(binary);
        }
        return onPath("prometheus");
    }

    public static Optional<Path> promtool() {
        Optional<Path> beside =
                prometheus().map(p -> p.resolveSibling("promtool")).filter(Files::isExecutable);
        return beside.isPresent() ? beside : onPath("promtool");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
