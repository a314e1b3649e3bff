package org.sleepdelta.ingest.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Pressure;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * How a booking system's CSV export maps onto {@code MassageSession} fields. The default layout has one column per
 * canonical field, named like it; a JSON mapping file describes any other layout (docs/importing.md).
 */
public final class SessionCsvLayout {
    /** The canonical fields a row can provide; the clinic comes from the command line, never from the file. */
    static final List<String> FIELDS = List.of(
            "sessionId",
            "clientId",
            "modality",
            "start",
            "durationMinutes",
            "timezone",
            "therapistId",
            "pressure",
            "status");

    private static final Set<String> TOP_LEVEL = Set.of("delimiter", "columns", "constants", "startFormat", "values");
    private static final Map<String, Class<? extends Enum<?>>> ENUM_FIELDS =
            Map.of("modality", Modality.class, "status", SessionStatus.class, "pressure", Pressure.class);

    final char delimiter;
    final Map<String, String> columns;
    final Map<String, String> constants;
    final DateTimeFormatter startFormat;
    final Map<String, Map<String, String>> values;

    private SessionCsvLayout(
            char delimiter,
            Map<String, String> columns,
            Map<String, String> constants,
            DateTimeFormatter startFormat,
            Map<String, Map<String, String>> values) {
        this.delimiter = delimiter;
        this.columns = columns;
        this.constants = constants;
        this.startFormat = startFormat;
        this.values = values;
    }

    /** Columns named like the canonical fields, comma-separated, ISO-8601 starts, canonical enum names. */
    public static SessionCsvLayout defaults() {
        Map<String, String> columns = new LinkedHashMap<>();
        FIELDS.forEach(f -> columns.put(f, f));
        return new SessionCsvLayout(',', columns, Map.of(), null, Map.of());
    }

    /** Reads a mapping file; every problem in it is reported at once, with what is expected. */
    public static SessionCsvLayout load(Path file) throws IOException {
        JsonNode root = CanonicalJson.mapper().readTree(Files.readString(file));
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new MappingException(file + ": a mapping file is a JSON object");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL.contains(name)) {
                problems.add("unknown key \"" + name + "\"; allowed: " + TOP_LEVEL);
            }
        });
        char delimiter = delimiter(root.path("delimiter").asText(","), problems);
        Map<String, String> columns = new LinkedHashMap<>(defaults().columns);
        fieldMap(root.path("columns"), "columns", problems).forEach(columns::put);
        Map<String, String> constants = fieldMap(root.path("constants"), "constants", problems);
        constants.keySet().forEach(columns::remove);
        DateTimeFormatter startFormat = null;
        if (root.hasNonNull("startFormat")) {
            try {
                startFormat =
                        DateTimeFormatter.ofPattern(root.get("startFormat").asText(), Locale.ROOT);
            } catch (IllegalArgumentException e) {
                problems.add("startFormat: not a date-time pattern (" + e.getMessage() + ")");
            }
        }
        Map<String, Map<String, String>> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("values").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Class<? extends Enum<?>> type = ENUM_FIELDS.get(e.getKey());
            if (type == null) {
                problems.add("values." + e.getKey() + ": only " + ENUM_FIELDS.keySet() + " have value maps");
                continue;
            }
            Map<String, String> map = new HashMap<>();
            e.getValue().fields().forEachRemaining(v -> {
                String target = v.getValue().asText();
                if (!isSymbol(type, target)) {
                    problems.add("values." + e.getKey() + "[\"" + v.getKey() + "\"] = \"" + target + "\": not one of "
                            + symbols(type));
                }
                map.put(normalise(v.getKey()), target);
            });
            values.put(e.getKey(), map);
        }
        if (!problems.isEmpty()) {
            throw new MappingException(file + ": " + String.join("; ", problems));
        }
        return new SessionCsvLayout(delimiter, columns, constants, startFormat, values);
    }

    /** Maps a cell of an enum field: through the mapping's value map, else as a canonical name in any case or spacing. */
    String enumValue(String field, String cell) {
        String mapped = values.getOrDefault(field, Map.of()).get(normalise(cell));
        if (mapped != null) {
            return mapped;
        }
        return cell.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    static boolean isEnumField(String field) {
        return ENUM_FIELDS.containsKey(field);
    }

    static String symbols(Class<? extends Enum<?>> type) {
        List<String> names = new ArrayList<>();
        for (Enum<?> constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        return names.toString();
    }

    private static boolean isSymbol(Class<? extends Enum<?>> type, String name) {
        for (Enum<?> constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static char delimiter(String text, List<String> problems) {
        if (text.equals("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1) {
            problems.add("delimiter: one character, or \"tab\"");
            return ',';
        }
        return text.charAt(0);
    }

    private static Map<String, String> fieldMap(JsonNode node, String name, List<String> problems) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!FIELDS.contains(e.getKey())) {
                problems.add(name + "." + e.getKey() + ": not a session field; fields are " + FIELDS);
            } else {
                map.put(e.getKey(), e.getValue().asText());
            }
        });
        return map;
    }

    /** A mapping file or CSV header that cannot be used at all. */
    public static final class MappingException extends IOException {
        public MappingException(String message) {
            super(message);
        }
    }
}
