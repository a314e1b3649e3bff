package org.sleepdelta.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configuration key a service understands: its kebab-case name, how to read and check its value, and an optional
 * built-in default. Immutable; {@link #withDefault}, {@link #secret} and {@link #optional} return modified copies.
 *
 * <pre>{@code
 * static final Setting<Integer> RETENTION_DAYS = Setting.integer("retention-days", 1, 3650).withDefault("30");
 * }</pre>
 *
 * @param <T> the type of the checked value
 */
public final class Setting<T> {

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final String ENVIRONMENT_PREFIX = "SLEEPDELTA_";

    private final String key;
    private final String expectation;
    private final Function<String, T> parser;
    private final String defaultValue;
    private final boolean secret;
    private final boolean required;
    // Non-null for a namespace: a family of keys under "<key>." read as one value (KafkaClientProperties).
    private final NamespaceReader<T> namespace;

    /**
     * Reads every key of a namespace ({@code kafka.*}) and the environment variables under its prefix, reporting each
     * problem, into one value. The value is never null: with nothing set, it is the namespace's empty value.
     */
    interface NamespaceReader<T> {
        T read(Map<String, RawValue> fileValues, Map<String, String> environment, List<String> problems);
    }

    /** A namespace's value describes itself in {@code --print-config}: rows of key, shown value, origin. */
    interface DescribedValue {
        List<String[]> describeRows();
    }

    private Setting(
            String key,
            String expectation,
            Function<String, T> parser,
            String defaultValue,
            boolean secret,
            boolean required) {
        this(key, expectation, parser, defaultValue, secret, required, null);
    }

    private Setting(
            String key,
            String expectation,
            Function<String, T> parser,
            String defaultValue,
            boolean secret,
            boolean required,
            NamespaceReader<T> namespace) {
        this.key = key;
        this.expectation = expectation;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.required = required;
        this.namespace = namespace;
    }

    /**
     * A family of keys {@code <key>.<anything>} (and {@code SLEEPDELTA_<KEY>_*} variables) read by {@code reader}
     * into one value; the loader hands it every such key, so none of them is reported as unknown.
     */
    static <T> Setting<T> namespace(String key, String expectation, NamespaceReader<T> reader) {
        Function<String, T> noSingleValue = text -> {
            throw new UnsupportedOperationException("namespace " + key + " has no single value");
        };
        return new Setting<>(key, expectation, noSingleValue, null, false, false, Objects.requireNonNull(reader));
    }

    /**
     * A setting read by a parser of your own, which rejects a value by throwing (ideally
     * {@link InvalidValueException} with a short detail).
     *
     * @param expectation completes "expected ...", e.g. {@code "a path to an existing directory"}
     */
    public static <T> Setting<T> custom(String key, String expectation, Function<String, T> parser) {
        if (!KEBAB_CASE.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "setting key must be kebab-case like 'retention-days', was '" + key + "'");
        }
        return new Setting<>(
                key, Objects.requireNonNull(expectation), Objects.requireNonNull(parser), null, false, true);
    }

    /** Any text that is not blank. */
    public static Setting<String> string(String key) {
        return custom(key, "a non-blank text", text -> {
            if (text.isBlank()) {
                throw new InvalidValueException();
            }
            return text;
        });
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public static Setting<Integer> integer(String key, int min, int max) {
        return custom(key, "a whole number from " + min + " to " + max, text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException notANumber) {
                throw new InvalidValueException();
            }
            if (value < min || value > max) {
                throw new InvalidValueException();
            }
            return value;
        });
    }

    /** A duration like {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 1d}, from {@code min} to {@code max}. */
    public static Setting<Duration> duration(String key, Duration min, Duration max) {
        String expectation = "a duration from " + DurationText.format(min) + " to " + DurationText.format(max)
                + ", written as a whole number and one of the units ms, s, m, h, d (like 500ms, 30s or 5m)";
        return custom(key, expectation, text -> {
            Duration value = DurationText.parse(text);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidValueException();
            }
            return value;
        });
    }

    /** {@code true} or {@code false}, in any letter case. */
    public static Setting<Boolean> bool(String key) {
        return custom(key, "true or false", text -> {
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidValueException();
        });
    }

    /**
     * One constant of {@code type}, by name in any letter case; {@code -} may stand for {@code _}, so
     * {@code apple-health} names {@code APPLE_HEALTH}.
     */
    public static <E extends Enum<E>> Setting<E> oneOf(String key, Class<E> type) {
        return custom(key, "one of " + names(type) + " (case-insensitive)", text -> {
            E value = constant(type, text);
            if (value == null) {
                throw new InvalidValueException();
            }
            return value;
        });
    }

    /**
     * One or more distinct constants of {@code type}, comma-separated and in the order given, e.g. a priority
     * order. Names as in {@link #oneOf}.
     */
    public static <E extends Enum<E>> Setting<List<E>> distinctListOf(String key, Class<E> type) {
        String expectation =
                "a comma-separated list of one or more distinct values from " + names(type) + " (case-insensitive)";
        return custom(key, expectation, text -> {
            List<E> values = new ArrayList<>();
            for (String item : commaSeparated(text)) {
                E value = constant(type, item);
                if (value == null) {
                    throw new InvalidValueException("\"" + item + "\" is not one of them");
                }
                if (values.contains(value)) {
                    throw new InvalidValueException(value + " is listed more than once");
                }
                values.add(value);
            }
            return List.copyOf(values);
        });
    }

    /** One or more {@code host:port} addresses, comma-separated, e.g. Kafka's bootstrap servers. */
    public static Setting<List<HostPort>> hostPorts(String key) {
        String expectation = "a comma-separated list of one or more host:port addresses with ports from 1 to 65535"
                + " (like broker1:9092,broker2:9092)";
        return custom(
                key,
                expectation,
                text -> commaSeparated(text).stream().map(HostPort::parse).collect(Collectors.toUnmodifiableList()));
    }

    /** The value used when neither the file nor the environment sets one; checked like any other value. */
    public Setting<T> withDefault(String defaultValue) {
        return new Setting<>(key, expectation, parser, Objects.requireNonNull(defaultValue), secret, required);
    }

    /** Marks a value (a password, a token) that must never be printed, not even in error messages. */
    public Setting<T> secret() {
        return new Setting<>(key, expectation, parser, defaultValue, true, required);
    }

    /** Allows the setting to stay unset; read it with {@link Configuration#find}. */
    public Setting<T> optional() {
        return new Setting<>(key, expectation, parser, defaultValue, secret, false);
    }

    public String key() {
        return key;
    }

    /** {@code retention-days} is read from {@code SLEEPDELTA_RETENTION_DAYS}. */
    public String environmentVariable() {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** What a valid value looks like, completing "expected ...". */
    public String expectation() {
        return expectation;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean isSecret() {
        return secret;
    }

    public boolean isRequired() {
        return required;
    }

    /** Whether this stands for the keys {@code <key>.*} (such as {@code kafka.*}) rather than one key. */
    public boolean isNamespace() {
        return namespace != null;
    }

    NamespaceReader<T> namespaceReader() {
        return namespace;
    }

    /** @throws InvalidValueException (or another runtime exception from a custom parser) if the text is invalid */
    T parse(String text) {
        return parser.apply(text);
    }

    @Override
    public String toString() {
        return key;
    }

    private static List<String> commaSeparated(String text) {
        List<String> items =
                Arrays.stream(text.split(",", -1)).map(String::strip).collect(Collectors.toList());
        if (items.stream().anyMatch(String::isEmpty)) {
            throw new InvalidValueException("empty item in the list");
        }
        return items;
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name) {
        String wanted = name.replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        return null;
    }

    private static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
