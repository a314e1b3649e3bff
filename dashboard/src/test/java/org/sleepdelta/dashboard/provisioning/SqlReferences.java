package org.sleepdelta.dashboard.provisioning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static check that an (expanded) analyst query names only tables and columns of the dashboard tables: without a
 * database, so its message names the dashboard, the panel and the unknown name. It is no SQL parser: it knows the
 * keywords and shapes our dashboards use (CTEs, table aliases, {@code AS} aliases, {@code LATERAL (VALUES ...) AS
 * m (a, b)}), so an unusual but valid query may need a keyword added below. DashboardQueriesOnPostgresTest runs
 * the same queries on a real PostgreSQL.
 */
final class SqlReferences {
    private static final Set<String> KEYWORDS = Set.of(
            "select",
            "from",
            "where",
            "and",
            "or",
            "not",
            "as",
            "with",
            "join",
            "inner",
            "left",
            "right",
            "full",
            "outer",
            "cross",
            "lateral",
            "on",
            "using",
            "values",
            "group",
            "by",
            "order",
            "asc",
            "desc",
            "nulls",
            "first",
            "last",
            "case",
            "when",
            "then",
            "else",
            "end",
            "is",
            "null",
            "in",
            "between",
            "distinct",
            "filter",
            "over",
            "partition",
            "rows",
            "range",
            "preceding",
            "following",
            "current",
            "row",
            "unbounded",
            "interval",
            "limit",
            "offset",
            "true",
            "false",
            "union",
            "all",
            "having",
            "within",
            "at",
            "time",
            "zone",
            "exists",
            "like",
            "ilike",
            "any",
            "some",
            "epoch",
            "similar",
            "escape",
            "except",
            "intersect");
    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|[A-Za-z_][A-Za-z0-9_$]*|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|\\S");

    private SqlReferences() {}

    /** What is wrong, or nothing: unknown tables, unknown columns, columns of the wrong table. */
    static List<String> problems(String sql, Map<String, Set<String>> tables) {
        List<String> tokens = tokens(sql.replaceAll("--[^\\n]*", " ").replaceAll("(?s)/\\*.*?\\*/", " "));
        Set<String> declared = new HashSet<>();
        Map<String, String> aliasToTable = new HashMap<>();
        Set<String> ctes = new HashSet<>();
        Set<String> allColumns = new HashSet<>();
        tables.values().forEach(allColumns::addAll);
        Set<String> problems = new LinkedHashSet<>();
        Set<Integer> tableTokens = new HashSet<>();

        // First pass: every name the query itself declares.
        for (int i = 0; i < tokens.size(); i++) {
            String t = lower(tokens.get(i));
            if ("as".equals(t) && i + 1 < tokens.size()) {
                String next = tokens.get(i + 1);
                if ("(".equals(next) && i > 0 && isIdentifier(tokens.get(i - 1))) {
                    ctes.add(lower(tokens.get(i - 1))); // name AS ( ... ): a CTE
                } else if (isIdentifier(next)) {
                    declared.add(lower(next));
                    if (i + 2 < tokens.size() && "(".equals(tokens.get(i + 2))) {
                        for (int j = i + 3; j < tokens.size() && !")".equals(tokens.get(j)); j++) {
                            if (isIdentifier(tokens.get(j))) {
                                declared.add(lower(tokens.get(j))); // AS m (a, b, c): column aliases
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            String t = lower(tokens.get(i));
            if (("from".equals(t) || "join".equals(t))
                    && i + 1 < tokens.size()
                    && isIdentifier(tokens.get(i + 1))
                    && !KEYWORDS.contains(lower(tokens.get(i + 1)))
                    && !isExtractField(tokens, i)) {
                String table = lower(tokens.get(i + 1));
                tableTokens.add(i + 1);
                if (!tables.containsKey(table) && !ctes.contains(table)) {
                    problems.add("unknown table " + table);
                }
                int aliasAt = i + 2;
                if (aliasAt < tokens.size() && "as".equals(lower(tokens.get(aliasAt)))) {
                    aliasAt++;
                }
                if (aliasAt < tokens.size()
                        && isIdentifier(tokens.get(aliasAt))
                        && !KEYWORDS.contains(lower(tokens.get(aliasAt)))) {
                    aliasToTable.put(lower(tokens.get(aliasAt)), table);
                    tableTokens.add(aliasAt);
                    declared.add(lower(tokens.get(aliasAt)));
                }
                aliasToTable.put(table, table);
            }
        }

        // Second pass: every other name must be a column.
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!isIdentifier(token) || tableTokens.contains(i)) {
                continue;
            }
            String name = lower(token);
            boolean afterCast = i > 0 && "::".equals(tokens.get(i - 1));
            boolean function = i + 1 < tokens.size() && "(".equals(tokens.get(i + 1));
            boolean qualified = i > 0 && ".".equals(tokens.get(i - 1));
            boolean qualifier = i + 1 < tokens.size() && ".".equals(tokens.get(i + 1));
            if (afterCast || KEYWORDS.contains(name) || (function && !qualified)) {
                continue;
            }
            if (qualifier) {
                if (!aliasToTable.containsKey(name) && !declared.contains(name) && !ctes.contains(name)) {
                    problems.add("unknown table or alias " + name);
                }
                continue;
            }
            if (qualified) {
                String owner = lower(tokens.get(i - 2));
                String table = aliasToTable.get(owner);
                if (table != null && tables.containsKey(table)) {
                    if (!tables.get(table).contains(name)) {
                        problems.add("column " + name + " is not in table " + table);
                    }
                } else if (!allColumns.contains(name) && !declared.contains(name)) {
                    problems.add("unknown column " + owner + "." + name);
                }
                continue;
            }
            if (!allColumns.contains(name)
                    && !declared.contains(name)
                    && !ctes.contains(name)
                    && !tables.containsKey(name)) {
                problems.add("unknown column " + name);
            }
        }
        return new ArrayList<>(problems);
    }

    /** extract(epoch FROM col): that FROM takes a column, not a table. */
    private static boolean isExtractField(List<String> tokens, int from) {
        return from >= 3 && "(".equals(tokens.get(from - 2)) && "extract".equals(lower(tokens.get(from - 3)));
    }

    private static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(sql);
        while (m.find()) {
            String token = m.group();
            if (token.startsWith("'")) {
                tokens.add("'literal'");
            } else if (token.startsWith("\"")) {
                tokens.add("\"alias\"");
            } else {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static boolean isIdentifier(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }

    private static String lower(String token) {
        return token.toLowerCase(Locale.ROOT);
    }
}
