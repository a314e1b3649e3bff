package org.sleepdelta.dashboard.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository the tests run in (Maven runs them with the module directory as working directory). */
public final class Repo {
    private static final Path ROOT = findRoot();

    private Repo() {}

    public static Path root() {
        return ROOT;
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("dashboard"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with mvnw and dashboard/) above " + dir);
    }
}
