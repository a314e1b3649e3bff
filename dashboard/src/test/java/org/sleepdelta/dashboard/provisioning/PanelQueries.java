package org.sleepdelta.dashboard.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PostgreSQL query in our Grafana dashboards (panel targets, template variable queries, annotation queries),
 * and their expansion into the SQL that Grafana would send to PostgreSQL, so that tests can run them.
 *
 * <p>Expansion follows Grafana in two steps, as Grafana does them:
 * <ol>
 *   <li>Template variables, in the browser ({@code templateSrv.replace} with the SQL datasource's
 *       {@code interpolateVariable}): {@code $var}, {@code ${var}}, {@code [[var]]} and {@code ${var:format}}. Without a
 *       format, a variable that is multi-value or has "All" becomes a list of quoted literals ({@code 'a','b'}), any
 *       other becomes its bare value with {@code '} doubled (so queries write {@code '$client'}). Formats:
 *       {@code sqlstring} (quoted literals, always), {@code raw} and {@code csv} (values joined by commas).</li>
 *   <li>Macros, in Grafana's PostgreSQL backend (pkg/tsdb/grafana-postgresql-datasource/macros.go):
 *       {@code $__timeFilter(col)} becomes {@code col BETWEEN '<from>' AND '<to>'} with RFC 3339 UTC times,
 *       {@code $__timeFrom()}/{@code $__timeTo()} the quoted times, {@code $__timeGroup(col,'1w')}
 *       {@code floor(extract(epoch from col)/604800)*604800}, {@code $__timeGroupAlias} the same with
 *       {@code AS "time"}, also {@code $__time}, {@code $__timeEpoch}, {@code $__unixEpochFilter},
 *       {@code $__unixEpochFrom()}/{@code To()}, {@code $__unixEpochGroup[Alias]}.</li>
 * </ol>
 * Anything Grafana would leave unexpanded (an unknown variable or macro, a calendar interval like {@code 1M}) is an
 * error here, so a query that would fail in Grafana fails in the test, with the dashboard and panel named.
 *
 * <pre>{@code
 * for (PanelQueries.Query query : PanelQueries.readAll(PanelQueries.dashboardsDirectory())) {
 *     String sql = query.expand(PanelQueries.Sample.between(from, to)
 *             .with("clinic", "clinic-berlin", "clinic-tokyo").with("client", "c0001"));
 *     // run sql as grafana_reader
 * }
 * }</pre>
 */
public final class PanelQueries {
    /** The datasource type of Grafana's built-in PostgreSQL plugin, and its name before Grafana 10.3. */
    public static final List<String> POSTGRES_TYPES = List.of("grafana-postgresql-datasource", "postgres");

    /** Grafana's template variable syntax (public/app/features/variables/utils.ts, variableRegex). */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");
    /** Grafana's macro syntax (macros.go, sExpr). */
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Pattern LEFT_OVER = Pattern.compile("\\$\\{?\\w+|\\[\\[\\w+");
    private static final DateTimeFormatter RFC3339_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private PanelQueries() {}

    /** Where a query sits in its dashboard. */
    public enum Source {
        PANEL,
        VARIABLE,
        ANNOTATION
    }

    /** A dashboard template variable, as far as SQL expansion needs it. */
    public record Variable(
            String name, String type, boolean multi, boolean includeAll, List<String> options, List<String> current) {
        public Variable {
            options = List.copyOf(options);
            current = List.copyOf(current);
        }
    }

    /**
     * One PostgreSQL query of a dashboard.
     *
     * @param name the panel title, the variable name or the annotation name
     * @param variables the dashboard's template variables by name
     */
    public record Query(
            String dashboardFile,
            String dashboardTitle,
            Source source,
            String name,
            String refId,
            String rawSql,
            Map<String, Variable> variables) {
        public Query {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }

        /** The SQL Grafana would send with this sample time range and these variable values. */
        public String expand(Sample sample) {
            try {
                return PanelQueries.expand(rawSql, variables, sample);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(location() + ": " + e.getMessage(), e);
            }
        }

        /**
         * The sample with every combination of the options of the custom variables this query uses (each metric,
         * in- or excluding incomplete windows), like a person clicking through them.
         */
        public List<Sample> withEveryCustomOption(Sample base) {
            List<Sample> samples = List.of(base);
            for (Variable variable : variables.values()) {
                if ("custom".equals(variable.type()) && rawSql.contains(variable.name())) {
                    List<Sample> next = new ArrayList<>();
                    for (Sample sample : samples) {
                        for (String option : variable.options()) {
                            next.add(sample.with(variable.name(), option));
                        }
                    }
                    samples = next;
                }
            }
            return samples;
        }

        /** E.g. {@code cohort.json (Cohort), panel "Sessions" (A)}. */
        public String location() {
            return dashboardFile + " (" + dashboardTitle + "), " + source.name().toLowerCase(Locale.ROOT) + " \"" + name
                    + "\"" + (refId == null ? "" : " (" + refId + ")");
        }

        @Override
        public String toString() {
            return location();
        }
    }

    /**
     * The time range and variable values to expand queries with. A custom variable without a value takes the one
     * saved in the dashboard; a query variable (its values come from the database) must be given one.
     */
    public record Sample(Instant from, Instant to, Map<String, List<String>> values) {
        public Sample {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public static Sample between(Instant from, Instant to) {
            return new Sample(from, to, Map.of());
        }

        /** This sample with the variable's selected values (several for a multi-value variable). */
        public Sample with(String variable, String... selected) {
            Map<String, List<String>> next = new LinkedHashMap<>(values);
            next.put(variable, List.of(selected));
            return new Sample(from, to, next);
        }
    }

    /** dashboard/grafana/dashboards in this repository. */
    public static Path dashboardsDirectory() {
        return Repo.file("dashboard/grafana/dashboards");
    }

    /** The PostgreSQL queries of every dashboard JSON file in the directory, by file name. */
    public static List<Query> readAll(Path directory) {
        List<Query> all = new ArrayList<>();
        for (Path file : DashboardJson.files(directory)) {
            all.addAll(read(file));
        }
        return all;
    }

    /** The PostgreSQL queries of one dashboard: panels (rows' nested panels too), variables, annotations. */
    public static List<Query> read(Path dashboardJson) {
        JsonNode dashboard = DashboardJson.read(dashboardJson);
        String file = dashboardJson.getFileName().toString();
        String title = dashboard.path("title").asText();
        Map<String, Variable> variables = variables(dashboard);
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText()) && isPostgres(variable.path("datasource"))) {
                JsonNode query = variable.path("query");
                String sql = query.isTextual()
                        ? query.asText()
                        : query.path("rawSql").asText(query.path("query").asText());
                queries.add(new Query(
                        file, title, Source.VARIABLE, variable.path("name").asText(), null, sql, variables));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (isPostgres(annotation.path("datasource"))) {
                JsonNode target = annotation.path("target");
                String sql = target.has("rawSql")
                        ? target.path("rawSql").asText()
                        : annotation.path("rawQuery").asText();
                queries.add(new Query(
                        file,
                        title,
                        Source.ANNOTATION,
                        annotation.path("name").asText(),
                        target.path("refId").asText(null),
                        sql,
                        variables));
            }
        }
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                if (isPostgres(datasource) && !target.path("hide").asBoolean(false)) {
                    queries.add(new Query(
                            file,
                            title,
                            Source.PANEL,
                            panel.path("title").asText(),
                            target.path("refId").asText(null),
                            target.path("rawSql").asText(),
                            variables));
                }
            }
        }
        return queries;
    }

    /** Every panel of the dashboard, including those inside (collapsed) rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                all.add(nested);
            }
        }
        return all;
    }

    static boolean isPostgres(JsonNode datasource) {
        return POSTGRES_TYPES.contains(datasource.path("type").asText());
    }

    static Map<String, Variable> variables(JsonNode dashboard) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            List<String> options = new ArrayList<>();
            for (JsonNode option : variable.path("options")) {
                options.add(option.path("value").asText());
            }
            if (options.isEmpty() && "custom".equals(variable.path("type").asText())) {
                for (String value : variable.path("query").asText().split(",")) {
                    options.add(
                            value.contains(" : ")
                                    ? value.substring(value.indexOf(" : ") + 3).strip()
                                    : value.strip());
                }
            }
            List<String> current = new ArrayList<>();
            JsonNode value = variable.path("current").path("value");
            if (value.isArray()) {
                value.forEach(v -> current.add(v.asText()));
            } else if (value.isTextual()) {
                current.add(value.asText());
            }
            String name = variable.path("name").asText();
            variables.put(
                    name,
                    new Variable(
                            name,
                            variable.path("type").asText(),
                            variable.path("multi").asBoolean(false),
                            variable.path("includeAll").asBoolean(false),
                            options,
                            current));
        }
        return variables;
    }

    /** Expands variables, then macros, as Grafana does (see the class comment). */
    public static String expand(String sql, Map<String, Variable> variables, Sample sample) {
        String withVariables = replaceVariables(sql, variables, sample);
        String expanded = replaceMacros(withVariables, sample);
        Matcher leftOver = LEFT_OVER.matcher(expanded);
        if (leftOver.find()) {
            throw new IllegalArgumentException("'" + leftOver.group()
                    + "' is neither a variable of the dashboard nor a macro of " + "Grafana's PostgreSQL datasource");
        }
        return expanded;
    }

    private static String replaceVariables(String sql, Map<String, Variable> variables, Sample sample) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            String replacement;
            if (name.startsWith("__")) {
                replacement = builtIn(name, m.group(), sample); // macros ($__timeFilter(...)) stay for the second step
            } else {
                Variable variable = variables.get(name);
                if (variable == null) {
                    throw new IllegalArgumentException(
                            "$" + name + " is not a variable of the dashboard (it has " + variables.keySet() + ")");
                }
                replacement = format(variable, selected(variable, sample), format);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String builtIn(String name, String text, Sample sample) {
        return switch (name) {
            case "__from" -> Long.toString(sample.from().toEpochMilli());
            case "__to" -> Long.toString(sample.to().toEpochMilli());
            default -> text;
        };
    }

    private static List<String> selected(Variable variable, Sample sample) {
        List<String> values = sample.values().get(variable.name());
        if (values == null && "custom".equals(variable.type())) {
            values = variable.current().isEmpty() ? variable.options().subList(0, 1) : variable.current();
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("no sample value for $" + variable.name() + " (a " + variable.type()
                    + " variable): give one with Sample.with(\"" + variable.name() + "\", ...)");
        }
        if (values.contains("$__all")) {
            values =
                    variable.options().stream().filter(v -> !"$__all".equals(v)).toList();
            if (values.isEmpty()) {
                throw new IllegalArgumentException("$" + variable.name() + " is 'All' but its options come from the "
                        + "database: give the sample values instead");
            }
        }
        if (values.size() > 1 && !variable.multi()) {
            throw new IllegalArgumentException("$" + variable.name() + " is single-value but the sample has " + values);
        }
        return values;
    }

    private static String format(Variable variable, List<String> values, String format) {
        if (format == null) {
            // SqlDatasource.interpolateVariable
            if (variable.multi() || variable.includeAll()) {
                return quotedList(values);
            }
            return values.get(0).replace("'", "''");
        }
        return switch (format) {
            case "sqlstring" -> quotedList(values);
            case "raw", "csv" -> String.join(",", values);
            default ->
                throw new IllegalArgumentException("format :" + format + " of $" + variable.name()
                        + " is not supported here; use sqlstring, raw or csv, or add it to PanelQueries");
        };
    }

    private static String quotedList(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("'" + value.replace("'", "''") + "'");
        }
        return String.join(",", quoted);
    }

    private static String replaceMacros(String sql, Sample sample) {
        String result = sql.replace(
                        "$__unixEpochFrom()", Long.toString(sample.from().getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(sample.to().getEpochSecond()));
        Matcher m = MACRO.matcher(result);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if ("__timeGroup".equals(name)) {
                // macros.go: "$__timeGroup(...)," means the pre-5.3 form, which aliases the column as "time"
                int index = result.indexOf(m.group());
                if (index >= 0
                        && index + m.group().length() < result.length()
                        && result.charAt(index + m.group().length()) == ',') {
                    name = "__timeGroupAlias";
                }
            }
            List<String> args = new ArrayList<>();
            for (String arg : m.group(2).split(",", -1)) {
                args.add(arg.strip());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, sample)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String macro(String name, List<String> args, Sample sample) {
        String from = rfc3339Nano(sample.from());
        String to = rfc3339Nano(sample.to());
        return switch (name) {
            case "__time" -> column(name, args) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + column(name, args) + ") as \"time\"";
            case "__timeFilter" -> column(name, args) + " BETWEEN '" + from + "' AND '" + to + "'";
            case "__timeFrom" -> "'" + from + "'";
            case "__timeTo" -> "'" + to + "'";
            case "__timeGroup" -> {
                String seconds = goFloat(interval(name, args).toMillis() / 1000.0);
                yield "floor(extract(epoch from " + args.get(0) + ")/" + seconds + ")*" + seconds;
            }
            case "__timeGroupAlias" -> macro("__timeGroup", args, sample) + " AS \"time\"";
            case "__unixEpochFilter" ->
                column(name, args) + " >= " + sample.from().getEpochSecond() + " AND " + args.get(0) + " <= "
                        + sample.to().getEpochSecond();
            case "__unixEpochNanoFilter" ->
                column(name, args) + " >= " + nanos(sample.from()) + " AND " + args.get(0) + " <= "
                        + nanos(sample.to());
            case "__unixEpochNanoFrom" -> Long.toString(nanos(sample.from()));
            case "__unixEpochNanoTo" -> Long.toString(nanos(sample.to()));
            case "__unixEpochGroup" -> {
                String seconds = goFloat(interval(name, args).toMillis() / 1000.0);
                yield "floor((" + args.get(0) + ")/" + seconds + ")*" + seconds;
            }
            case "__unixEpochGroupAlias" -> macro("__unixEpochGroup", args, sample) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown macro $" + name);
        };
    }

    private static String column(String macro, List<String> args) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro $" + macro);
        }
        return args.get(0);
    }

    /** gtime.ParseInterval for the units a fixed duration has; months and years depend on the calendar. */
    private static Duration interval(String macro, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException(
                    "macro $" + macro + " needs time column and interval and optional fill value");
        }
        String text = args.get(1).replace("'", "");
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "interval " + args.get(1) + " of $" + macro + " is not a number with ms, s, m, h, d or w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Go's time.RFC3339Nano in UTC: no trailing zeros in the fraction, "Z". */
    static String rfc3339Nano(Instant instant) {
        String seconds = RFC3339_SECONDS.format(instant);
        if (instant.getNano() == 0) {
            return seconds + "Z";
        }
        String fraction = String.format(Locale.ROOT, "%09d", instant.getNano()).replaceAll("0+$", "");
        return seconds + "." + fraction + "Z";
    }

    /** Go's %v of a float64 (strconv 'g' with the shortest digits): exponent form from 1e6 and below 1e-4, so 1w is 604800 but 2w 1.2096e+06. */
    static String goFloat(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = decimal.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String sign = decimal.signum() < 0 ? "-" : "";
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return decimal.toPlainString();
    }
}
