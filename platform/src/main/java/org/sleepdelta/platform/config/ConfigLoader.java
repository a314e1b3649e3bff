package org.sleepdelta.platform.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a service's settings from three layers, each overriding the one before: built-in defaults, an optional
 * properties file, and {@code SLEEPDELTA_*} environment variables. Every value is checked and every problem
 * collected, so {@link #load()} either returns a fully valid {@link Configuration} or throws one
 * {@link ConfigException} that lists them all.
 *
 * <p>Unknown keys in the file are reported (a typo must not silently fall back to the default); unknown
 * {@code SLEEPDELTA_*} environment variables are not, because every sleepdelta tool and test shares that
 * environment (e.g. {@code SLEEPDELTA_TEST_BROKER}).
 *
 * <pre>{@code
 * Configuration config = ConfigLoader.of(List.of(BOOTSTRAP_SERVERS, RETENTION_DAYS))
 *         .file(Path.of("sleepdelta.properties"))
 *         .load();
 * int retentionDays = config.get(RETENTION_DAYS);
 * }</pre>
 */
public final class ConfigLoader {

    private final Map<String, Setting<?>> settings;
    private Path file;
    private Map<String, String> environment = System.getenv();

    private ConfigLoader(Map<String, Setting<?>> settings) {
        this.settings = settings;
    }

    /** The settings the service understands; a file key outside them is reported as unknown. */
    public static ConfigLoader of(List<Setting<?>> settings) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            if (byKey.put(setting.key(), setting) != null) {
                throw new IllegalArgumentException("setting '" + setting.key() + "' is declared twice");
            }
        }
        return new ConfigLoader(byKey);
    }

    /** A properties file to read; it must exist, since a file asked for and silently missing hides mistakes. */
    public ConfigLoader file(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Like {@link #file(Path)}, or nothing if empty (the file is optional on the command line). */
    public ConfigLoader file(Optional<Path> file) {
        this.file = file.orElse(null);
        return this;
    }

    /** The environment variables to read, {@link System#getenv()} unless replaced (in tests). */
    public ConfigLoader environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** @throws ConfigException listing every problem, if there is any */
    public Configuration load() {
        List<String> problems = new ArrayList<>();
        PropertiesFileLayer fileLayer = file == null ? null : PropertiesFileLayer.read(file, problems);
        if (fileLayer != null) {
            reportUnknownKeys(fileLayer, problems);
        }
        Map<String, Configuration.Entry> entries = new LinkedHashMap<>();
        for (Setting<?> setting : settings.values()) {
            if (setting.isNamespace()) {
                entries.put(
                        setting.key(),
                        new Configuration.Entry(setting, null, readNamespace(setting, fileLayer, problems)));
                continue;
            }
            RawValue raw = lookup(setting, fileLayer);
            entries.put(
                    setting.key(), new Configuration.Entry(setting, raw, checked(setting, raw, fileLayer, problems)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Configuration(entries);
    }

    private Object readNamespace(Setting<?> setting, PropertiesFileLayer fileLayer, List<String> problems) {
        String prefix = setting.key() + ".";
        Map<String, RawValue> fileValues = new LinkedHashMap<>();
        if (fileLayer != null) {
            for (String key : fileLayer.keys()) {
                if (key.startsWith(prefix)) {
                    fileValues.put(key, fileLayer.lookup(key));
                }
            }
        }
        return setting.namespaceReader().read(fileValues, environment, problems);
    }

    private RawValue lookup(Setting<?> setting, PropertiesFileLayer fileLayer) {
        String fromEnvironment = environment.get(setting.environmentVariable());
        if (fromEnvironment != null) {
            return new RawValue(fromEnvironment, "environment " + setting.environmentVariable());
        }
        RawValue fromFile = fileLayer == null ? null : fileLayer.lookup(setting.key());
        if (fromFile != null) {
            return fromFile;
        }
        return setting.defaultValue().map(text -> new RawValue(text, "default")).orElse(null);
    }

    private static Object checked(
            Setting<?> setting, RawValue raw, PropertiesFileLayer fileLayer, List<String> problems) {
        if (raw == null) {
            if (setting.isRequired()) {
                problems.add(setting.key() + " is not set: expected " + setting.expectation() + "; set "
                        + setting.environmentVariable()
                        + (fileLayer == null ? "" : " or " + setting.key() + " in " + fileLayer.origin()));
            }
            return null;
        }
        try {
            return setting.parse(raw.text());
        } catch (RuntimeException invalid) {
            problems.add(invalidValue(setting, raw, invalid));
            return null;
        }
    }

    private static String invalidValue(Setting<?> setting, RawValue raw, RuntimeException invalid) {
        String shown = setting.isSecret() ? "<secret>" : "\"" + raw.text() + "\"";
        // A secret's detail might quote the secret, so it gets none.
        boolean showDetail = invalid instanceof InvalidValueException detailed
                && detailed.getMessage() != null
                && (!setting.isSecret() || detailed.isSafeForSecrets());
        String detail = showDetail ? " (" + invalid.getMessage() + ")" : "";
        return setting.key() + " = " + shown + " (from " + raw.origin() + "): expected " + setting.expectation()
                + detail;
    }

    private List<String> knownKeys() {
        return settings.values().stream()
                .map(setting -> setting.isNamespace() ? setting.key() + ".*" : setting.key())
                .toList();
    }

    private boolean inNamespace(String key) {
        return settings.values().stream()
                .anyMatch(setting -> setting.isNamespace() && key.startsWith(setting.key() + "."));
    }

    private void reportUnknownKeys(PropertiesFileLayer fileLayer, List<String> problems) {
        for (String key : fileLayer.keys()) {
            if (!settings.containsKey(key) && !inNamespace(key)) {
                problems.add(key + " (in " + fileLayer.origin() + ") is not a known setting; "
                        + KeySuggestion.closest(key, settings.keySet())
                                .map(known -> "did you mean " + known + "?")
                                .orElse("known settings are " + String.join(", ", knownKeys())));
            }
        }
    }
}
