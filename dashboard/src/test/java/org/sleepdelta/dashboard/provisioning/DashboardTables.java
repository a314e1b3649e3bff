package org.sleepdelta.dashboard.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables and columns analysts may query, read from the Flyway migration that creates them
 * (dashboard/src/main/resources/db/migration/V1__dashboard_tables.sql): the contract every dashboard's SQL is
 * checked against.
 */
final class DashboardTables {
    static final String MIGRATION = "dashboard/src/main/resources/db/migration/V1__dashboard_tables.sql";
    private static final Pattern TABLE =
            Pattern.compile("(?is)create\\s+table\\s+([a-z_][a-z0-9_]*)\\s*\\((.*?)\\)\\s*;");
    private static final Set<String> NOT_COLUMNS =
            Set.of("primary", "constraint", "unique", "foreign", "check", "exclude");

    private DashboardTables() {}

    /** Table name to its column names, in declaration order. */
    static Map<String, Set<String>> fromMigration() {
        return parse(Repo.read(MIGRATION));
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
