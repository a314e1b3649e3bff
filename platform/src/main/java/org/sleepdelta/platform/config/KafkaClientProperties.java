package org.sleepdelta.platform.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native Kafka client properties passed through to the clients sleepdelta builds (docs/configuration.md, "Kafka client
 * settings"): {@code kafka.<property>} for every client, {@code kafka.producer.<property>},
 * {@code kafka.consumer.<property>}, {@code kafka.admin.<property>} and {@code kafka.streams.<property>} for one
 * kind. From the environment, {@code SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG} sets {@code kafka.sasl.jaas.config}: the
 * variable is matched against the upper-cased form ({@code .} and {@code -} as {@code _}) of every name the clients
 * define, so the dots need no escaping.
 *
 * <p>Every property is checked at start against the clients' own definitions ({@link ProducerConfig#configDef()} and
 * the others), its value against the property's type and validator; properties sleepdelta must set itself for the
 * pipeline to be correct are refused with the reason ({@link #RESERVED}). Precedence, lowest first, in
 * {@link #clientConfig}: sleepdelta's tuning defaults, {@code kafka.<p>}, {@code kafka.<kind>.<p>}, sleepdelta's
 * required values.
 *
 * <pre>{@code
 * ALL = List.of(BOOTSTRAP_SERVERS, ..., KafkaClientProperties.SETTING); // a service's settings
 * Map<String, Object> producer = config.get(KafkaClientProperties.SETTING)
 *         .clientConfig(Kind.PRODUCER, tuning, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
 * }</pre>
 *
 * <p>Secrets ({@code PASSWORD} properties, {@code sasl.jaas.config}, {@code *.password}, {@code *.key},
 * {@code *.secret}, but not {@code ssl.truststore.certificates}) are never shown: not by {@code --print-config},
 * {@link #toString()} nor problem reports; they reach the clients as {@link Password}, which Kafka logs as
 * {@code [hidden]}.
 */
public final class KafkaClientProperties implements Setting.DescribedValue {
    private static final Logger log = LoggerFactory.getLogger(KafkaClientProperties.class);

    /** A kind of client sleepdelta builds; {@code kafka.<prefix>.<property>} sets a property for one kind only. */
    public enum Kind {
        PRODUCER("producer"),
        CONSUMER("consumer"),
        ADMIN("admin"),
        STREAMS("streams");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** {@code producer}, as in {@code kafka.producer.linger.ms}. */
        public String prefix() {
            return prefix;
        }
    }

    static final String KEY_PREFIX = "kafka.";
    static final String ENVIRONMENT_PREFIX = Setting.ENVIRONMENT_PREFIX + "KAFKA_";
    private static final String SECRET = "<secret>";

    /**
     * Typed {@code PASSWORD} by Kafka but public (trusted certificates), and worth seeing in {@code --print-config};
     * still passed to the clients as a {@link Password}.
     */
    static final Set<String> NOT_SECRET = Set.of("ssl.truststore.certificates");

    /** The namespace to list in a service's settings: every {@code kafka.*} key and {@code SLEEPDELTA_KAFKA_*}. */
    public static final Setting<KafkaClientProperties> SETTING = Setting.namespace(
            "kafka",
            "Kafka client properties: kafka.<property> for every client, kafka.producer|consumer|admin|streams"
                    + ".<property> for one kind",
            KafkaClientProperties::read);

    /** Why a property is sleepdelta's to set, and for which kinds of client. */
    record Reservation(Set<Kind> kinds, String reason) {}

    /**
     * Properties the pipeline's correctness (or one of our own settings) depends on: refused, with the reason, for
     * the kinds named; {@code kafka.<p>} is refused when any kind that knows {@code p} reserves it.
     */
    static final Map<String, Reservation> RESERVED = reservations();

    private static Map<String, Reservation> reservations() {
        Set<Kind> all = EnumSet.allOf(Kind.class);
        Set<Kind> producers = EnumSet.of(Kind.PRODUCER, Kind.STREAMS);
        Set<Kind> consumers = EnumSet.of(Kind.CONSUMER, Kind.STREAMS);
        Set<Kind> streams = EnumSet.of(Kind.STREAMS);
        Map<String, Reservation> reserved = new LinkedHashMap<>();
        reserved.put(
                "bootstrap.servers",
                new Reservation(all, "set bootstrap-servers instead, the one source of the cluster's address"));
        reserved.put(
                "client.id",
                new Reservation(
                        all,
                        "sleepdelta names its clients and tags their metrics with the names (streams: set client-id)"));
        String format = "the pipeline's record format is fixed";
        reserved.put("key.serializer", new Reservation(producers, format));
        reserved.put("value.serializer", new Reservation(producers, format));
        reserved.put("key.deserializer", new Reservation(consumers, format));
        reserved.put("value.deserializer", new Reservation(consumers, format));
        reserved.put("default.key.serde", new Reservation(streams, format));
        reserved.put("default.value.serde", new Reservation(streams, format));
        reserved.put(
                "transactional.id",
                new Reservation(
                        producers,
                        "ingest derives one per batch slot from transactional-id-prefix, Kafka Streams from"
                                + " application-id"));
        String exactlyOnce = "acks=all with idempotence is what stores an acknowledged record exactly once";
        reserved.put("acks", new Reservation(producers, exactlyOnce));
        reserved.put("enable.idempotence", new Reservation(producers, exactlyOnce));
        reserved.put(
                "isolation.level",
                new Reservation(consumers, "read_committed is what keeps aborted ingest batches invisible"));
        reserved.put(
                "enable.auto.commit",
                new Reservation(consumers, "offsets are committed only after the records are processed"));
        reserved.put(
                "auto.offset.reset",
                new Reservation(consumers, "earliest is what makes a new group read every record"));
        reserved.put("group.id", new Reservation(consumers, "set group-id (sink) or application-id (streams) instead"));
        reserved.put(
                "max.poll.records",
                new Reservation(
                        EnumSet.of(Kind.CONSUMER),
                        "the sink's is batch-max-records, its records per database transaction"
                                + " (kafka.streams.max.poll.records tunes the streams service)"));
        reserved.put("application.id", new Reservation(streams, "set application-id instead"));
        reserved.put("processing.guarantee", new Reservation(streams, "set processing-guarantee instead"));
        reserved.put("state.dir", new Reservation(streams, "set state-dir instead"));
        reserved.put("num.stream.threads", new Reservation(streams, "set stream-threads instead"));
        reserved.put("commit.interval.ms", new Reservation(streams, "set commit-interval instead"));
        reserved.put("replication.factor", new Reservation(streams, "set replication-factor instead"));
        return Map.copyOf(reserved);
    }

    /** The reserved property names and why each is refused, for the docs' drift check. */
    public static Map<String, String> reservedProperties() {
        Map<String, String> reasons = new TreeMap<>();
        RESERVED.forEach((name, reservation) -> reasons.put(name, reservation.reason()));
        return reasons;
    }

    /** One property as configured: its key, the kind it is for (null: every kind) and its Kafka name. */
    private record Property(String key, Kind kind, String name, String value, String origin) {
        boolean secret() {
            return isSecret(kind, name);
        }

        String shown() {
            return secret() ? SECRET : value;
        }
    }

    private static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());

    private final Map<String, Property> byKey;

    private KafkaClientProperties(Map<String, Property> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    /** No properties: the clients get only sleepdelta's own configuration. */
    public static KafkaClientProperties none() {
        return NONE;
    }

    /**
     * Properties given in code, keyed as in a file ({@code kafka.security.protocol}), checked as at start.
     *
     * @throws ConfigException listing every problem, if there is any
     */
    public static KafkaClientProperties of(Map<String, String> properties) {
        Map<String, RawValue> values = new LinkedHashMap<>();
        properties.forEach((key, value) -> values.put(key, new RawValue(value, "code")));
        List<String> problems = new ArrayList<>();
        KafkaClientProperties read = read(values, Map.of(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return read;
    }

    /**
     * The configuration of one client, by precedence (each overriding the one before): {@code tuning}, sleepdelta's
     * defaults that an operator may change; {@code kafka.<p>} for the properties this kind knows;
     * {@code kafka.<kind>.<p>}; {@code required}, what sleepdelta must set (reserved properties are refused at start,
     * so nothing passed through should meet them here).
     *
     * @return a new mutable map
     */
    public Map<String, Object> clientConfig(Kind kind, Map<String, ?> tuning, Map<String, ?> required) {
        Map<String, Object> config = new HashMap<>(tuning);
        Map<String, Object> passed = passThrough(kind);
        config.putAll(passed);
        for (Map.Entry<String, ?> entry : required.entrySet()) {
            if (passed.containsKey(entry.getKey())) {
                log.warn(
                        "Kafka property {} of the {} client is sleepdelta's to set; the configured value is ignored",
                        entry.getKey(),
                        kind.prefix);
            }
            config.put(entry.getKey(), entry.getValue());
        }
        return config;
    }

    /**
     * Only what is passed through to one kind of client: {@code kafka.<p>} for each {@code p} it knows, overridden by
     * {@code kafka.<kind>.<p>}. Secret values are {@link Password}s where the client's definition says so.
     */
    public Map<String, Object> passThrough(Kind kind) {
        Map<String, Object> config = new TreeMap<>();
        for (Property property : byKey.values()) {
            if (property.kind() == null && Definitions.plainKey(kind, property.name()) != null) {
                config.put(property.name(), clientValue(kind, property));
            }
        }
        for (Property property : byKey.values()) {
            if (property.kind() == kind) {
                config.put(property.name(), clientValue(kind, property));
            }
        }
        return config;
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The keys set, as in a file ({@code kafka.producer.linger.ms}), sorted. */
    public Set<String> keys() {
        return new TreeSet<>(byKey.keySet());
    }

    /**
     * Whether the value of a property is a secret that is never shown: a {@code PASSWORD} in any client's definition,
     * {@code sasl.jaas.config}, or a name ending in {@code .password}, {@code .key} or {@code .secret}; except
     * {@link #NOT_SECRET}.
     *
     * @param kind the kind the property is set for, null for every kind
     */
    static boolean isSecret(Kind kind, String name) {
        String base = kind == Kind.STREAMS ? Definitions.withoutStreamsClientPrefix(name) : name;
        if (NOT_SECRET.contains(base)) {
            return false;
        }
        if (base.equals("sasl.jaas.config")
                || base.endsWith(".password")
                || base.endsWith(".key")
                || base.endsWith(".secret")) {
            return true;
        }
        for (Kind any : Kind.values()) {
            ConfigDef.ConfigKey key = Definitions.plainKey(any, base);
            if (key != null && key.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String[]> describeRows() {
        List<String[]> rows = new ArrayList<>();
        for (String key : keys()) {
            Property property = byKey.get(key);
            rows.add(new String[] {key, property.shown(), "(" + property.origin() + ")"});
        }
        return rows;
    }

    /** The properties with secrets masked, safe to log. */
    @Override
    public String toString() {
        return keys().stream()
                .map(key -> key + "=" + byKey.get(key).shown())
                .collect(Collectors.joining(", ", "KafkaClientProperties{", "}"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaClientProperties that && byKey.equals(that.byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    /** The environment variable that sets a key: {@code kafka.sasl.jaas.config} → SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG. */
    public static String environmentVariable(String key) {
        return Setting.ENVIRONMENT_PREFIX
                + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Object clientValue(Kind kind, Property property) {
        ConfigDef.ConfigKey key = Definitions.key(kind, property.name());
        return key != null && key.type == ConfigDef.Type.PASSWORD ? new Password(property.value()) : property.value();
    }

    // Reading and checking.

    static KafkaClientProperties read(
            Map<String, RawValue> fileValues, Map<String, String> environment, List<String> problems) {
        Map<String, RawValue> values = new TreeMap<>(fileValues);
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENVIRONMENT_PREFIX)) {
                continue;
            }
            Set<String> keys = Definitions.KEYS_BY_ENVIRONMENT_VARIABLE.getOrDefault(name, Set.of());
            if (keys.size() == 1) {
                values.put(keys.iterator().next(), new RawValue(variable.getValue(), "environment " + name));
            } else if (keys.size() > 1) {
                problems.add(name + " (in the environment) is ambiguous: it could set " + String.join(" or ", keys)
                        + "; set the one meant in the --config file instead");
            } else {
                problems.add(name + " (in the environment) names no Kafka client property"
                        + KeySuggestion.closest(name, Definitions.KEYS_BY_ENVIRONMENT_VARIABLE.keySet())
                                .map(known -> "; did you mean " + known + " ("
                                        + String.join(", ", Definitions.KEYS_BY_ENVIRONMENT_VARIABLE.get(known))
                                        + ")?")
                                .orElse("; " + Definitions.NAMING));
            }
        }
        Map<String, Property> properties = new LinkedHashMap<>();
        for (Map.Entry<String, RawValue> entry : values.entrySet()) {
            checked(entry.getKey(), entry.getValue(), problems).ifPresent(p -> properties.put(p.key(), p));
        }
        return properties.isEmpty() ? NONE : new KafkaClientProperties(properties);
    }

    private static Optional<Property> checked(String key, RawValue raw, List<String> problems) {
        if (!key.startsWith(KEY_PREFIX)) {
            problems.add(
                    key + " (in " + raw.origin() + ") is not a Kafka client property: those start with " + KEY_PREFIX);
            return Optional.empty();
        }
        String rest = key.substring(KEY_PREFIX.length());
        Kind kind = null;
        String name = rest;
        for (Kind candidate : Kind.values()) {
            if (rest.startsWith(candidate.prefix + ".")) {
                kind = candidate;
                name = rest.substring(candidate.prefix.length() + 1);
            }
        }
        List<Kind> knowers = knowers(kind, name);
        if (knowers.isEmpty()) {
            problems.add(unknown(key, raw, kind, name));
            return Optional.empty();
        }
        String base = kind == Kind.STREAMS ? Definitions.withoutStreamsClientPrefix(name) : name;
        Reservation reservation = RESERVED.get(base);
        if (reservation != null && knowers.stream().anyMatch(reservation.kinds()::contains)) {
            problems.add(key + " (in " + raw.origin() + ") is sleepdelta's to set, not passed through: "
                    + reservation.reason());
            return Optional.empty();
        }
        Property property = new Property(key, kind, name, raw.text(), raw.origin());
        for (Kind knower : knowers) {
            ConfigDef.ConfigKey definition = Definitions.key(knower, name);
            try {
                Object parsed = ConfigDef.parseType(name, raw.text(), definition.type);
                if (definition.validator != null) {
                    definition.validator.ensureValid(name, parsed);
                }
            } catch (RuntimeException invalid) {
                // A secret's detail might quote the secret, so it gets none.
                String detail =
                        property.secret() || invalid.getMessage() == null ? "" : " (" + invalid.getMessage() + ")";
                problems.add(key + " = " + (property.secret() ? SECRET : "\"" + raw.text() + "\"") + " (from "
                        + raw.origin() + "): expected a valid " + definition.type.name() + " for the Kafka "
                        + knower.prefix + " property " + name + detail);
                return Optional.empty();
            }
        }
        return Optional.of(property);
    }

    /** The kinds a property reaches: for {@code kafka.<p>}, every kind that knows {@code p}. */
    private static List<Kind> knowers(Kind kind, String name) {
        if (kind != null) {
            return Definitions.key(kind, name) == null ? List.of() : List.of(kind);
        }
        List<Kind> knowers = new ArrayList<>();
        for (Kind candidate : Kind.values()) {
            if (Definitions.plainKey(candidate, name) != null) {
                knowers.add(candidate);
            }
        }
        return knowers;
    }

    private static String unknown(String key, RawValue raw, Kind kind, String name) {
        String what = kind == null
                ? "a property of any Kafka client (producer, consumer, admin, streams of Kafka " + Definitions.VERSION
                        + ")"
                : "a Kafka " + kind.prefix + " property (Kafka " + Definitions.VERSION + ")";
        StringBuilder problem = new StringBuilder(key + " (in " + raw.origin() + ") is not " + what);
        if (kind != null) {
            List<Kind> others = knowers(null, name);
            if (!others.isEmpty()) {
                problem.append(", but one of ")
                        .append(others.stream().map(Kind::prefix).collect(Collectors.joining(", ")));
            }
        }
        Collection<String> known = Definitions.keysOf(kind);
        problem.append(KeySuggestion.closest(key, known)
                .map(suggestion -> "; did you mean " + suggestion + "?")
                .orElse("; " + Definitions.NAMING));
        return problem.toString();
    }

    /** The clients' own definitions, read once. */
    static final class Definitions {
        static final String VERSION = AppInfoParser.getVersion();
        static final String NAMING = "keys are kafka.<property> for every client or kafka.<kind>.<property> with kind"
                + " producer, consumer, admin or streams (docs/configuration.md)";

        private static final Map<Kind, ConfigDef> DEFINITIONS = Map.of(
                Kind.PRODUCER, ProducerConfig.configDef(),
                Kind.CONSUMER, ConsumerConfig.configDef(),
                Kind.ADMIN, AdminClientConfig.configDef(),
                Kind.STREAMS, StreamsConfig.configDef());

        /** The prefixes Kafka Streams accepts for the properties of its inner clients, and whose they are. */
        private static final Map<String, Kind> STREAMS_CLIENT_PREFIXES = streamsClientPrefixes();

        private static Map<String, Kind> streamsClientPrefixes() {
            Map<String, Kind> prefixes = new LinkedHashMap<>();
            // Longest first: main.consumer. before consumer.
            prefixes.put(StreamsConfig.MAIN_CONSUMER_PREFIX, Kind.CONSUMER);
            prefixes.put(StreamsConfig.RESTORE_CONSUMER_PREFIX, Kind.CONSUMER);
            prefixes.put(StreamsConfig.GLOBAL_CONSUMER_PREFIX, Kind.CONSUMER);
            prefixes.put(StreamsConfig.CONSUMER_PREFIX, Kind.CONSUMER);
            prefixes.put(StreamsConfig.PRODUCER_PREFIX, Kind.PRODUCER);
            prefixes.put(StreamsConfig.ADMIN_CLIENT_PREFIX, Kind.ADMIN);
            return prefixes;
        }

        private static final Map<Kind, Set<String>> KEYS = keys();

        /** SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG → kafka.sasl.jaas.config; more than one key when ambiguous. */
        static final Map<String, Set<String>> KEYS_BY_ENVIRONMENT_VARIABLE = byEnvironmentVariable();

        private Definitions() {}

        /** Variables that could set more than one key; none with the Kafka this is built with (tested). */
        static Map<String, Set<String>> ambiguousVariables() {
            return KEYS_BY_ENVIRONMENT_VARIABLE.entrySet().stream()
                    .filter(entry -> entry.getValue().size() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        /** The definition of a property without any prefix: a Streams client also takes its inner clients'. */
        static ConfigDef.ConfigKey plainKey(Kind kind, String name) {
            ConfigDef.ConfigKey own = DEFINITIONS.get(kind).configKeys().get(name);
            if (own != null || kind != Kind.STREAMS) {
                return own;
            }
            for (Kind inner : List.of(Kind.CONSUMER, Kind.PRODUCER, Kind.ADMIN)) {
                ConfigDef.ConfigKey key = DEFINITIONS.get(inner).configKeys().get(name);
                if (key != null) {
                    return key;
                }
            }
            return null;
        }

        /** As {@link #plainKey}, and for Streams also {@code main.consumer.<p>}, {@code producer.<p>} and the like. */
        static ConfigDef.ConfigKey key(Kind kind, String name) {
            ConfigDef.ConfigKey plain = plainKey(kind, name);
            if (plain != null || kind != Kind.STREAMS) {
                return plain;
            }
            for (Map.Entry<String, Kind> prefix : STREAMS_CLIENT_PREFIXES.entrySet()) {
                if (name.startsWith(prefix.getKey())) {
                    return plainKey(
                            prefix.getValue(), name.substring(prefix.getKey().length()));
                }
            }
            return null;
        }

        static String withoutStreamsClientPrefix(String name) {
            for (String prefix : STREAMS_CLIENT_PREFIXES.keySet()) {
                if (name.startsWith(prefix)) {
                    return name.substring(prefix.length());
                }
            }
            return name;
        }

        /** Every valid key for a kind ({@code kafka.producer.acks}), or for every client when {@code kind} is null. */
        static Set<String> keysOf(Kind kind) {
            return KEYS.get(kind);
        }

        private static Map<Kind, Set<String>> keys() {
            Map<Kind, Set<String>> keys = new HashMap<>();
            Set<String> plainNames = new TreeSet<>();
            for (Kind kind : Kind.values()) {
                Set<String> names = new TreeSet<>(DEFINITIONS.get(kind).names());
                if (kind == Kind.STREAMS) {
                    for (Kind inner : List.of(Kind.CONSUMER, Kind.PRODUCER, Kind.ADMIN)) {
                        names.addAll(DEFINITIONS.get(inner).names());
                    }
                    plainNames.addAll(names);
                    for (Map.Entry<String, Kind> prefix : STREAMS_CLIENT_PREFIXES.entrySet()) {
                        for (String name : DEFINITIONS.get(prefix.getValue()).names()) {
                            names.add(prefix.getKey() + name);
                        }
                    }
                } else {
                    plainNames.addAll(names);
                }
                keys.put(
                        kind,
                        names.stream()
                                .map(name -> KEY_PREFIX + kind.prefix + "." + name)
                                .collect(Collectors.toCollection(LinkedHashSet::new)));
            }
            keys.put(
                    null,
                    plainNames.stream()
                            .map(name -> KEY_PREFIX + name)
                            .collect(Collectors.toCollection(LinkedHashSet::new)));
            return keys;
        }

        private static Map<String, Set<String>> byEnvironmentVariable() {
            Map<String, Set<String>> byVariable = new HashMap<>();
            for (Set<String> keys : KEYS.values()) {
                for (String key : keys) {
                    byVariable
                            .computeIfAbsent(environmentVariable(key), variable -> new TreeSet<>())
                            .add(key);
                }
            }
            byVariable.replaceAll((variable, keys) -> Set.copyOf(keys));
            return Map.copyOf(byVariable);
        }
    }
}
