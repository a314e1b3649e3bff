package org.sleepdelta.ingest.importer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.Parsed;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Reads a booking system's CSV export row by row into canonical sessions of one clinic. Each row goes through the
 * same strict canonical JSON reading as the HTTP API, so a bad row is explained field by field, naming its column.
 */
public final class SessionCsvReader {
    private static final Set<String> REQUIRED =
            Set.of("sessionId", "clientId", "modality", "start", "durationMinutes", "timezone");
    /**
     * The longest cell a rejected row keeps: every mapped field is an id, a code, a time or a number far shorter, so a
     * longer cell is a mistake that is recognisable from its start, and the rejection stays small.
     */
    static final int MAX_REJECTED_CELL_CHARS = 200;

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES);

    private final SessionCsvLayout layout;
    private final String clinicId;

    public SessionCsvReader(SessionCsvLayout layout, String clinicId) {
        this.layout = layout;
        this.clinicId = clinicId;
    }

    /** @return the number of rows read */
    public long read(Path file, RecordSink sink) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(layout.delimiter);
        long rows = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<Map<String, String>> it =
                        CSV.readerFor(Map.class).with(schema).readValues(in)) {
            List<String> header = headerOf(it);
            checkHeader(file, header);
            while (it.hasNextValue()) {
                // hasNextValue() leaves the parser on the row's synthetic start token, located at the previous row's
                // line end; the row begins on the next line, even when a quoted cell of either spans several lines.
                long line = it.getParser().currentTokenLocation().getLineNr() + 1L;
                Map<String, String> row = it.nextValue();
                rows++;
                Parsed<MassageSession> parsed = toSession(row);
                if (parsed.isValid()) {
                    sink.record(line, CanonicalRecord.of(parsed.value()));
                } else {
                    sink.rejected(line, CanonicalJson.line(mappedCells(row)), parsed.violations());
                }
            }
        }
        return rows;
    }

    Parsed<MassageSession> toSession(Map<String, String> row) {
        ObjectNode json = CanonicalJson.mapper().createObjectNode();
        json.put("clinicId", clinicId);
        List<Violation> problems = new ArrayList<>();
        for (String field : SessionCsvLayout.FIELDS) {
            String cell = layout.constants.containsKey(field) ? layout.constants.get(field) : cellOf(row, field);
            if (cell == null || cell.isBlank()) {
                continue; // absent: the canonical reading reports it if it was required
            }
            switch (field) {
                case "durationMinutes" -> putWholeNumber(json, field, cell, problems);
                case "start" -> json.put(field, startText(cell, timezoneOf(row), problems));
                default -> json.put(field, SessionCsvLayout.isEnumField(field) ? layout.enumValue(field, cell) : cell);
            }
        }
        if (!problems.isEmpty()) {
            return Parsed.invalid(named(problems));
        }
        Parsed<MassageSession> parsed = CanonicalJson.massageSession(json);
        return parsed.isValid() ? parsed : Parsed.invalid(named(parsed.violations()));
    }

    /**
     * What a rejected row keeps: only the cells of mapped columns, under the canonical field each maps to, as written
     * (so that the row can be found and repaired), each cut to {@value #MAX_REJECTED_CELL_CHARS} characters. Columns
     * the mapping does not name are left out: an export may carry names or notes that the pipeline never needs.
     */
    ObjectNode mappedCells(Map<String, String> row) {
        ObjectNode cells = CanonicalJson.mapper().createObjectNode();
        for (String field : SessionCsvLayout.FIELDS) {
            String cell = layout.constants.containsKey(field) ? null : cellOf(row, field);
            if (cell != null) {
                cells.put(field, cut(cell));
            }
        }
        return cells;
    }

    private static String cut(String cell) {
        if (cell.length() <= MAX_REJECTED_CELL_CHARS) {
            return cell;
        }
        // never half a surrogate pair: the payload must stay valid UTF-8
        int end = Character.isHighSurrogate(cell.charAt(MAX_REJECTED_CELL_CHARS - 1))
                ? MAX_REJECTED_CELL_CHARS - 1
                : MAX_REJECTED_CELL_CHARS;
        return cell.substring(0, end) + "…";
    }

    private String cellOf(Map<String, String> row, String field) {
        String column = layout.columns.get(field);
        return column == null ? null : row.get(column);
    }

    private String timezoneOf(Map<String, String> row) {
        return layout.constants.containsKey("timezone") ? layout.constants.get("timezone") : cellOf(row, "timezone");
    }

    /** Booking systems write local times: with a pattern, or ISO-8601 with or without offset, placed in the row's zone. */
    private String startText(String cell, String zone, List<Violation> problems) {
        try {
            if (layout.startFormat == null) {
                try {
                    return OffsetDateTime.parse(cell).toString();
                } catch (DateTimeParseException withoutOffset) {
                    return LocalDateTime.parse(cell)
                            .atZone(ZoneId.of(zone))
                            .toOffsetDateTime()
                            .toString();
                }
            }
            return LocalDateTime.parse(cell, layout.startFormat)
                    .atZone(ZoneId.of(zone))
                    .toOffsetDateTime()
                    .toString();
        } catch (DateTimeParseException e) {
            problems.add(new Violation(
                    "start",
                    "is not a date-time in the expected format ("
                            + (layout.startFormat == null ? "ISO-8601" : "startFormat of the mapping") + ")"));
        } catch (RuntimeException e) {
            problems.add(new Violation("timezone", "needed to place a local start time: must be an IANA time zone id"));
        }
        return cell;
    }

    private static void putWholeNumber(ObjectNode json, String field, String cell, List<Violation> problems) {
        try {
            json.put(field, Integer.parseInt(cell.trim()));
        } catch (NumberFormatException e) {
            problems.add(new Violation(field, "must be a whole number of minutes"));
        }
    }

    /** Names the CSV column next to the canonical field, so a clinic can find it in its own export. */
    private List<Violation> named(List<Violation> violations) {
        return violations.stream()
                .map(v -> {
                    String column = layout.columns.get(v.field());
                    String field = column == null || column.equals(v.field())
                            ? v.field()
                            : v.field() + " (column \"" + column + "\")";
                    String reason = v.reason();
                    if (SessionCsvLayout.isEnumField(v.field()) && reason.startsWith("must be one of")) {
                        reason += "; map other values in the mapping file's \"values\"";
                    }
                    return new Violation(field, reason);
                })
                .toList();
    }

    private static List<String> headerOf(MappingIterator<Map<String, String>> it) throws IOException {
        it.hasNextValue(); // reads the header line
        CsvSchema header = (CsvSchema) it.getParserSchema();
        List<String> names = new ArrayList<>();
        header.forEach(column -> names.add(column.getName()));
        return names;
    }

    private void checkHeader(Path file, List<String> header) throws SessionCsvLayout.MappingException {
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            String column = layout.columns.get(field);
            if (!layout.constants.containsKey(field) && (column == null || !header.contains(column))) {
                missing.add(field + " (column \"" + column + "\")");
            }
        }
        if (!missing.isEmpty()) {
            throw new SessionCsvLayout.MappingException(file.getFileName() + ": the header lacks " + missing
                    + "; it has " + header + ". Rename the columns or map them with --mapping.");
        }
    }
}
