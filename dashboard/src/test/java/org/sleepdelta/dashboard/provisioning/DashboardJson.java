package org.sleepdelta.dashboard.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The provisioned dashboard files, as both query readers (SQL and PromQL) walk them. */
final class DashboardJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardJson() {}

    /** Every dashboard JSON file in the directory, by file name. */
    static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path dashboardJson) {
        try {
            return JSON.readTree(dashboardJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dashboardJson, e);
        }
    }
}
