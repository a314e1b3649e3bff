package org.sleepdelta.dashboard.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a sleepdelta subcommand reads, found in the sources: every {@code Setting.<kind>("key")}
 * declaration (outside comments) in the modules behind that subcommand. The service modules are no dependencies of
 * dashboard, so their {@code ALL} lists cannot be read by reflection here; a key declared in those modules but left
 * out of {@code ALL} would pass this check.
 */
final class DeclaredSettings {
    /** Subcommand (the compose service's {@code command[0]}) to the source roots of its settings. */
    static final Map<String, List<String>> SOURCES = Map.of(
            "ingest", List.of("ingest/src/main/java", "platform/src/main/java"),
            "streams", List.of("streams/src/main/java", "platform/src/main/java"),
            "sink", List.of("dashboard/src/main/java", "platform/src/main/java"),
            "simulate", List.of("cli/src/main/java", "ingest/src/main/java", "platform/src/main/java"));

    private static final Pattern DECLARATION = Pattern.compile("\\bSetting\\s*\\.\\s*\\w+\\s*\\(\\s*\"([a-z0-9-]+)\"");
    private static final Pattern COMMENT_OR_STRING =
            Pattern.compile("//[^\\n]*|/\\*.*?\\*/|\"(?:[^\"\\\\\\n]|\\\\.)*\"", Pattern.DOTALL);

    private DeclaredSettings() {}

    static Set<String> keysOf(String subcommand) {
        List<String> roots = SOURCES.get(subcommand);
        if (roots == null) {
            throw new IllegalArgumentException("no sources known for subcommand " + subcommand + "; add it to SOURCES");
        }
        Set<String> keys = new TreeSet<>();
        for (String root : roots) {
            Path dir = Repo.file(root);
            if (!Files.isDirectory(dir)) {
                continue; // e.g. dashboard/src/main/java before the sink exists
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    keys.addAll(declaredIn(Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    /** The keys declared in one Java source; comments (and javadoc examples) do not count. */
    static Set<String> declaredIn(String javaSource) {
        StringBuilder code = new StringBuilder();
        Matcher m = COMMENT_OR_STRING.matcher(javaSource);
        while (m.find()) {
            m.appendReplacement(code, Matcher.quoteReplacement(m.group().startsWith("\"") ? m.group() : " "));
        }
        m.appendTail(code);
        Set<String> keys = new TreeSet<>();
        Matcher declaration = DECLARATION.matcher(code);
        while (declaration.find()) {
            keys.add(declaration.group(1));
        }
        return keys;
    }

    /** SLEEPDELTA_ + the key upper-cased with '-' as '_' (Setting.environmentVariable). */
    static String environmentVariable(String key) {
        return "SLEEPDELTA_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
