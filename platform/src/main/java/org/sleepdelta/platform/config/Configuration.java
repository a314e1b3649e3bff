package org.sleepdelta.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A service's checked settings, as returned by {@link ConfigLoader#load()}. Immutable. */
public final class Configuration {

    /** A setting, its text and origin as found ({@code null} if unset), and its checked value. */
    record Entry(Setting<?> setting, RawValue raw, Object value) {}

    private final Map<String, Entry> entries;
    // The order the service declared its settings in, for describe().
    private final List<String> order;

    Configuration(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
        this.order = List.copyOf(entries.keySet());
    }

    /** The value of a required setting, or of an optional one that is set. */
    public <T> T get(Setting<T> setting) {
        return find(setting)
                .orElseThrow(() -> new IllegalStateException(
                        "optional setting " + setting.key() + " is not set; read it with find()"));
    }

    public <T> Optional<T> find(Setting<T> setting) {
        @SuppressWarnings("unchecked") // entry(setting) holds what this very setting parsed, so a T.
        T value = (T) entry(setting).value();
        return Optional.ofNullable(value);
    }

    /** Where the value came from ({@code default}, {@code file ...}, {@code environment ...}), empty if unset. */
    public Optional<String> origin(Setting<?> setting) {
        return Optional.ofNullable(entry(setting).raw()).map(RawValue::origin);
    }

    /**
     * The effective configuration, one line per setting with its origin, for {@code --print-config}. Secret values
     * are masked.
     *
     * <pre>
     * bootstrap-servers = 127.0.0.1:9092  (environment SLEEPDELTA_BOOTSTRAP_SERVERS)
     * retention-days    = 30              (default)
     * api-token         = &lt;secret&gt;        (file /etc/sleepdelta.properties)
     * </pre>
     */
    public String describe() {
        List<String[]> rows = new ArrayList<>();
        for (String key : order) {
            Entry entry = entries.get(key);
            if (entry.value() instanceof Setting.DescribedValue described) {
                List<String[]> own = described.describeRows();
                rows.addAll(own.isEmpty() ? List.<String[]>of(new String[] {key + ".*", "(none set)", ""}) : own);
            } else if (entry.raw() == null) {
                rows.add(new String[] {key, "(not set)", ""});
            } else {
                String text =
                        entry.setting().isSecret() ? "<secret>" : entry.raw().text();
                rows.add(new String[] {key, text, "(" + entry.raw().origin() + ")"});
            }
        }
        int keyWidth = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(row -> row[1].length()).max().orElse(0);
        return rows.stream()
                .map(row -> String.format("%-" + keyWidth + "s = %-" + valueWidth + "s  %s", (Object[]) row)
                        .stripTrailing())
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private Entry entry(Setting<?> setting) {
        Entry entry = entries.get(setting.key());
        // Identity, not key: a different Setting object with the same key may parse to a different type.
        if (entry == null || entry.setting() != setting) {
            throw new IllegalArgumentException("setting " + setting.key() + " was not passed to ConfigLoader.of");
        }
        return entry;
    }
}
