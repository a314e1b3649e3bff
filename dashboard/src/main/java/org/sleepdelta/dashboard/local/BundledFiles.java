package org.sleepdelta.dashboard.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The dashboard module's deployment files (postgres/, grafana/, prometheus/), as the jar carries them. */
final class BundledFiles {
    private static final String ROOT = "/org/sleepdelta/dashboard/";

    private BundledFiles() {}

    /** A file by its path under dashboard/, e.g. {@code postgres/init.sql}. */
    static String read(String path) {
        try (InputStream in = BundledFiles.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "dashboard/" + path + " is missing from the classpath; rebuild the dashboard module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
