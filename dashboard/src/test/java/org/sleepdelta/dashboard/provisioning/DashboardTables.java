package org.sleepdelta.dashboard.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables and columns analysts may query: the tables the Flyway migration
 * dashboard/src/main/resources/db/migration/V1__dashboard_tables.sql creates, with the columns later migrations add
 * to them ({@code alter table ... add column}, as V4__metric_v2.sql does): the contract every dashboard's SQL is
 * checked against. Tables other migrations create (the sink's own) are not part of it.
 */
final class DashboardTables {
    static final String MIGRATIONS = "dashboard/src/main/resources/db/migration";
    static final String MIGRATION = MIGRATIONS + "/V1__dashboard_tables.sql";
    private static final Pattern TABLE =
            Pattern.compile("(?is)create\\s+table\\s+([a-z_][a-z0-9_]*)\\s*\\((.*?)\\)\\s*;");
    private static final Pattern ALTER = Pattern.compile("(?is)alter\\s+table\\s+([a-z_][a-z0-9_]*)\\s+(.*?);");
    private static final Pattern ADD_COLUMN =
            Pattern.compile("(?i)^\\s*add\\s+column\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final Set<String> NOT_COLUMNS =
            Set.of("primary", "constraint", "unique", "foreign", "check", "exclude");

    private DashboardTables() {}

    /** Table name to its column names, in declaration order: V1's tables, with what later migrations add. */
    static Map<String, Set<String>> fromMigration() {
        Map<String, Set<String>> tables = parse(Repo.read(MIGRATION));
        for (Path migration : laterMigrations()) {
            addColumns(tables, Repo.read(MIGRATIONS + "/" + migration.getFileName()));
        }
        return tables;
    }

    /** V2 and later, in version order. */
    private static List<Path> laterMigrations() {
        try (Stream<Path> files = Files.list(Repo.file(MIGRATIONS))) {
            return files.filter(f -> version(f) > 1)
                    .sorted(Comparator.comparingInt(DashboardTables::version))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path file) {
        Matcher m = VERSION.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The columns {@code alter table <one of tables> add column ...} statements add, in their order. */
    static void addColumns(Map<String, Set<String>> tables, String migrationSql) {
        String sql = migrationSql.replaceAll("--[^\\n]*", "");
        Matcher alter = ALTER.matcher(sql);
        while (alter.find()) {
            Set<String> columns = tables.get(alter.group(1).toLowerCase(Locale.ROOT));
            if (columns == null) {
                continue;
            }
            for (String action : splitTopLevel(alter.group(2))) {
                Matcher add = ADD_COLUMN.matcher(action);
                if (add.find()) {
                    columns.add(add.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    static Map<String, Set<String>> parse(String migrationSql) {
        String sql = migrationSql.replaceAll("--[^\\n]*", "");
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        Matcher table = TABLE.matcher(sql);
        while (table.find()) {
            Set<String> columns = new LinkedHashSet<>();
            for (String definition : splitTopLevel(table.group(2))) {
                String first = definition.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                if (!first.isEmpty() && !NOT_COLUMNS.contains(first)) {
                    columns.add(first);
                }
            }
            tables.put(table.group(1).toLowerCase(Locale.ROOT), columns);
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no create table statement found");
        }
        return tables;
    }

    /** Splits a column list at commas outside parentheses (so "primary key (a, b)" stays one item). */
    private static List<String> splitTopLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }
}
