package org.sleepdelta.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** The optional middle layer: a {@code key=value} properties file (UTF-8) named by the caller. */
final class PropertiesFileLayer {

    private final Path file;
    private final Map<String, String> values;

    private PropertiesFileLayer(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** Reads the file; a missing or unreadable file is reported as a problem, and the layer is then empty. */
    static PropertiesFileLayer read(Path file, List<String> problems) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            problems.add("config file " + absolute
                    + (Files.exists(absolute) ? " is not a regular file" : " does not exist"));
            return new PropertiesFileLayer(absolute, Map.of());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed Unicode escape.
            problems.add("config file " + absolute + " could not be read: " + e.getMessage());
            return new PropertiesFileLayer(absolute, Map.of());
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.strip(), properties.getProperty(key)));
        return new PropertiesFileLayer(absolute, values);
    }

    RawValue lookup(String key) {
        String text = values.get(key);
        return text == null ? null : new RawValue(text, origin());
    }

    Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    String origin() {
        return "file " + file;
    }
}
