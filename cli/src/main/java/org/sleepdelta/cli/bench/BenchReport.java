package org.sleepdelta.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** What one bench run measured: environment, run settings and one row per measure; rendered as a table or JSON. */
public final class BenchReport {
    /** One measure of one phase. {@code value} is NaN where the phase could not measure it (the note says why). */
    public record Row(String phase, String measure, double value, String unit, String note) {}

    private final Map<String, String> environment;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private Consumer<Row> onRow = row -> {};

    public BenchReport(Map<String, String> environment) {
        this.environment = new LinkedHashMap<>(environment);
    }

    public void setting(String name, String value) {
        settings.put(name, value);
    }

    public void add(String phase, String measure, double value, String unit, String note) {
        Row row = new Row(phase, measure, value, unit, note == null ? "" : note);
        rows.add(row);
        onRow.accept(row);
    }

    /** Told of every row as it is added: a long run that is stopped early still shows what it measured. */
    public void onRow(Consumer<Row> listener) {
        onRow = listener;
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        environment.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        settings.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        out.append('\n');
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"phase", "measure", "value", "unit", "note"});
        for (Row r : rows) {
            cells.add(new String[] {r.phase(), r.measure(), formatted(r.value()), r.unit(), r.note()});
        }
        int[] widths = new int[4];
        for (String[] c : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], c[i].length());
            }
        }
        for (String[] c : cells) {
            out.append(String.format(
                            Locale.ROOT,
                            "%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %-" + widths[3] + "s  %s",
                            c[0],
                            c[1],
                            c[2],
                            c[3],
                            c[4])
                    .stripTrailing());
            out.append('\n');
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("environment", environment);
        document.put("settings", settings);
        List<Map<String, Object>> rowList = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("phase", r.phase());
            row.put("measure", r.measure());
            // JSON has no NaN: an unmeasured value is null.
            row.put("value", Double.isFinite(r.value()) ? r.value() : null);
            row.put("unit", r.unit());
            row.put("note", r.note());
            rowList.add(row);
        }
        document.put("rows", rowList);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole numbers without decimals, small ones with three significant decimals. */
    static String formatted(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
