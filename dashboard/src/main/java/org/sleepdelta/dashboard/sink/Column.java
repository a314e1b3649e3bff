package org.sleepdelta.dashboard.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One column of a dashboard table, and how to set it from a record. */
record Column<T>(String name, Binder<T> binder) {

    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement statement, int index, T value) throws SQLException;
    }

    /** Binds every column of {@code columns} from {@code value}, parameters 1 to n. */
    static <T> void bindAll(PreparedStatement statement, List<Column<T>> columns, T value) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).binder().bind(statement, i + 1, value);
        }
    }

    /**
     * {@code insert ... on conflict (key) do update set <every other column> ... [where guard]}, with
     * {@code updated_at} set to the transaction's time on insert and update.
     */
    static String upsert(String table, List<? extends Column<?>> columns, List<String> key, String guard) {
        List<String> names = columns.stream().map(Column::name).toList();
        String updates = names.stream()
                .filter(name -> !key.contains(name))
                .map(name -> name + " = excluded." + name)
                .collect(Collectors.joining(", "));
        return "insert into " + table + " (" + String.join(", ", names) + ", updated_at) values ("
                + names.stream().map(name -> "?").collect(Collectors.joining(", ")) + ", now()) on conflict ("
                + String.join(", ", key) + ") do update set " + updates + ", updated_at = now()"
                + (guard == null ? "" : " where " + guard);
    }

    /** {@code totalSleepMinutes} is {@code total_sleep_minutes}. */
    static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    static void setBoolean(PreparedStatement statement, int index, Boolean value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BOOLEAN);
        } else {
            statement.setBoolean(index, value);
        }
    }

    static void setDate(PreparedStatement statement, int index, LocalDate value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setObject(index, value);
        }
    }

    static void setTimestamp(PreparedStatement statement, int index, Instant value) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
}
