package org.sleepdelta.cli.erasure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches the raw bytes of every file under a directory. Kafka Streams writes RocksDB files uncompressed, so a value
 * still on disk, deleted or not, shows up here.
 */
final class FileScan {
    private FileScan() {}

    static List<Finding> search(Path directory, Markers markers) throws IOException {
        List<Finding> findings = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                continue; // deleted by RocksDB while we walked: nothing left to read
            }
            for (String marker : markers.in(bytes)) {
                findings.add(new Finding(marker, directory.relativize(file).toString()));
            }
        }
        return findings;
    }
}
