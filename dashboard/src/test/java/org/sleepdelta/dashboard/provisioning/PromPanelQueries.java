package org.sleepdelta.dashboard.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Prometheus panel query in our Grafana dashboards, and the PromQL that Grafana would send to Prometheus for it,
 * so that tests can run it against a real Prometheus.
 *
 * <p>Grafana's Prometheus datasource replaces its built-in interval and range variables on the server
 * (pkg/promlib/models/query.go), from the dashboard's time range, the panel's max data points (by default the panel's
 * width in pixels) and the datasource's scrape interval ({@code jsonData.timeInterval}):
 * <ul>
 *   <li>{@code $__interval}: the range divided by the max data points, rounded to one of Grafana's steps
 *       (1s, 2s, 5s, 10s, 15s, 20s, 30s, 1m, ...), and never below the scrape interval; written like {@code 2s} or
 *       {@code 1m}. {@code $__interval_ms} in milliseconds.</li>
 *   <li>{@code $__rate_interval}: {@code max($__interval + scrape interval, 4 × scrape interval)}, written as Go writes
 *       a duration ({@code 4s}, {@code 1m0s}, {@code 2m5s}). {@code $__rate_interval_ms} in milliseconds.</li>
 *   <li>{@code $__range}: the range in whole seconds, e.g. {@code 1800s}; {@code $__range_s}, {@code $__range_ms}.</li>
 * </ul>
 * Each has a {@code ${...}} form too. Anything else that looks like a variable (a template variable, {@code $__auto},
 * a panel's own "Min interval") is not modelled here and fails with the dashboard and panel named, so that this
 * class is extended before such a query goes untested.
 *
 * <pre>{@code
 * Sample sample = Sample.dashboardRange(Duration.ofSeconds(1));       // a 1 s scrape interval, the dashboard's range
 * for (PromPanelQueries.Query query : PromPanelQueries.readAll(PanelQueries.dashboardsDirectory())) {
 *     String promQl = query.expand(sample);
 * }
 * }</pre>
 */
public final class PromPanelQueries {
    /** Grafana's datasource type for Prometheus. */
    public static final String PROMETHEUS_TYPE = "prometheus";
    /**
     * Max data points of a panel that sets none: Grafana uses the panel's width in pixels. 600 is a panel a third of
     * the width of a 1920-pixel screen, as the Ops dashboard's 8-column panels are.
     */
    public static final int DEFAULT_MAX_DATA_POINTS = 600;
    /** Grafana's "safe" resolution: the interval never goes below the range divided by this. */
    private static final int SAFE_RESOLUTION = 11_000;

    private static final Pattern VARIABLE =
            Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");
    private static final Pattern RELATIVE_RANGE = Pattern.compile("now-(\\d+)([smhdw])");

    private PromPanelQueries() {}

    /**
     * One Prometheus target of a panel.
     *
     * @param instant Grafana runs it as an instant query ({@code /api/v1/query} at the range's end), else as a range
     *        query whose last point is that same instant query
     * @param maxDataPoints the panel's own setting, or 0 for "its width"
     * @param dashboardRange the dashboard's saved time range ({@code now-30m} to {@code now})
     */
    public record Query(
            String dashboardFile,
            String dashboardTitle,
            String panel,
            String refId,
            String expr,
            boolean instant,
            int maxDataPoints,
            String minInterval,
            Duration dashboardRange) {
        public Query {
            Objects.requireNonNull(expr, "expr");
        }

        /** The PromQL Grafana would send with this sample. */
        public String expand(Sample sample) {
            try {
                return PromPanelQueries.expand(expr, minInterval, sample.forPanel(dashboardRange, maxDataPoints));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(location() + ": " + e.getMessage(), e);
            }
        }

        /** E.g. {@code ops.json (Ops), panel "Sink lag" (A)}. */
        public String location() {
            return dashboardFile + " (" + dashboardTitle + "), panel \"" + panel + "\""
                    + (refId == null ? "" : " (" + refId + ")");
        }

        @Override
        public String toString() {
            return location();
        }
    }

    /**
     * What Grafana's interval variables depend on.
     *
     * @param range the dashboard's time range; null for each dashboard's saved one
     * @param maxDataPoints for panels that set none (0: {@link #DEFAULT_MAX_DATA_POINTS})
     * @param scrapeInterval the Prometheus datasource's scrape interval, which should be Prometheus's own
     */
    public record Sample(Duration range, int maxDataPoints, Duration scrapeInterval) {
        public Sample {
            Objects.requireNonNull(scrapeInterval, "scrapeInterval");
            if (scrapeInterval.isNegative() || scrapeInterval.isZero()) {
                throw new IllegalArgumentException("the scrape interval must be positive: " + scrapeInterval);
            }
        }

        /** Each dashboard's saved time range and panels {@value #DEFAULT_MAX_DATA_POINTS} pixels wide. */
        public static Sample dashboardRange(Duration scrapeInterval) {
            return new Sample(null, DEFAULT_MAX_DATA_POINTS, scrapeInterval);
        }

        Sample forPanel(Duration dashboardRange, int panelMaxDataPoints) {
            Duration r = range != null ? range : dashboardRange;
            if (r == null) {
                throw new IllegalArgumentException(
                        "the dashboard saves no relative time range (now-<n><unit> to now): " + "give the sample one");
            }
            int points = panelMaxDataPoints > 0
                    ? panelMaxDataPoints
                    : maxDataPoints > 0 ? maxDataPoints : DEFAULT_MAX_DATA_POINTS;
            return new Sample(r, points, scrapeInterval);
        }

        /** {@code $__interval}: Grafana's step for this range and resolution, never below the scrape interval. */
        public Duration interval() {
            requireRange();
            Duration calculated = range.dividedBy(maxDataPoints);
            Duration safe = roundInterval(range.dividedBy(SAFE_RESOLUTION));
            Duration step = calculated.compareTo(scrapeInterval) < 0
                    ? roundInterval(scrapeInterval)
                    : roundInterval(calculated);
            return step.compareTo(safe) < 0 ? safe : step;
        }

        /** {@code $__rate_interval}: {@code max($__interval + scrape interval, 4 × scrape interval)}. */
        public Duration rateInterval() {
            requireRange();
            Duration frontendInterval = roundInterval(range.dividedBy(maxDataPoints));
            if (frontendInterval.compareTo(scrapeInterval) < 0) {
                frontendInterval = scrapeInterval;
            }
            Duration plusScrape = frontendInterval.plus(scrapeInterval);
            Duration fourScrapes = scrapeInterval.multipliedBy(4);
            return plusScrape.compareTo(fourScrapes) > 0 ? plusScrape : fourScrapes;
        }

        private void requireRange() {
            if (range == null || maxDataPoints <= 0) {
                throw new IllegalStateException("no time range or max data points yet: use Query.expand");
            }
        }
    }

    /** The Prometheus targets of every dashboard JSON file in the directory, by file name. */
    public static List<Query> readAll(Path directory) {
        List<Query> all = new ArrayList<>();
        for (Path file : DashboardJson.files(directory)) {
            all.addAll(read(file));
        }
        return all;
    }

    /** The visible Prometheus targets of one dashboard's panels (rows' nested panels too). */
    public static List<Query> read(Path dashboardJson) {
        JsonNode dashboard = DashboardJson.read(dashboardJson);
        String file = dashboardJson.getFileName().toString();
        String title = dashboard.path("title").asText();
        Duration range = "now".equals(dashboard.path("time").path("to").asText())
                ? relativeRange(dashboard.path("time").path("from").asText())
                : null;
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : PanelQueries.panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                if (PROMETHEUS_TYPE.equals(datasource.path("type").asText())
                        && !target.path("hide").asBoolean(false)) {
                    String minInterval = target.path("interval")
                            .asText(panel.path("interval").asText(""));
                    queries.add(new Query(
                            file,
                            title,
                            panel.path("title").asText(),
                            target.path("refId").asText(null),
                            target.path("expr").asText(),
                            target.path("instant").asBoolean(false)
                                    && !target.path("range").asBoolean(false),
                            panel.path("maxDataPoints").asInt(0),
                            minInterval,
                            range));
                }
            }
        }
        return queries;
    }

    private static Duration relativeRange(String from) {
        Matcher m = RELATIVE_RANGE.matcher(from);
        return m.matches() ? unit(Long.parseLong(m.group(1)), m.group(2)) : null;
    }

    private static Duration unit(long n, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Replaces Grafana's interval and range variables (see the class comment); anything else is an error. */
    static String expand(String expr, String minInterval, Sample sample) {
        if (minInterval != null && !minInterval.isEmpty()) {
            throw new IllegalArgumentException("a panel \"Min interval\" (" + minInterval + ") changes $__interval and "
                    + "$__rate_interval in ways PromPanelQueries does not model");
        }
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            boolean plainOrBraced =
                    m.group(2) == null && m.group(3) == null && m.group(5) == null && m.group(6) == null;
            String replacement = plainOrBraced ? builtIn(name, sample) : null;
            if (replacement == null) {
                throw new IllegalArgumentException("'" + m.group() + "' is not one of Grafana's interval or range "
                        + "variables ($__interval, $__interval_ms, $__rate_interval, $__rate_interval_ms, $__range, "
                        + "$__range_s, $__range_ms); template variables are not expanded by PromPanelQueries yet");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String builtIn(String name, Sample sample) {
        long rangeSeconds = Math.round(sample.range().toMillis() / 1000.0);
        return switch (name) {
            case "__interval" -> grafanaInterval(sample.interval());
            case "__interval_ms" -> Long.toString(sample.interval().toMillis());
            case "__rate_interval" -> goDuration(sample.rateInterval());
            case "__rate_interval_ms" -> Long.toString(sample.rateInterval().toMillis());
            case "__range" -> rangeSeconds + "s";
            case "__range_s" -> Long.toString(rangeSeconds);
            case "__range_ms" -> Long.toString(sample.range().toMillis());
            default -> null;
        };
    }

    /** Grafana's rounding of a calculated interval (gtime.RoundInterval): a lower, rounder step. */
    static Duration roundInterval(Duration interval) {
        long[][] upToThenStep = {
            {10, 1},
            {15, 10},
            {35, 20},
            {75, 50},
            {150, 100},
            {350, 200},
            {750, 500},
            {1_500, 1_000},
            {3_500, 2_000},
            {7_500, 5_000},
            {12_500, 10_000},
            {17_500, 15_000},
            {25_000, 20_000},
            {45_000, 30_000},
            {90_000, 60_000},
            {210_000, 120_000},
            {450_000, 300_000},
            {750_000, 600_000},
            {1_050_000, 900_000},
            {1_500_000, 1_200_000},
            {2_700_000, 1_800_000},
            {5_400_000, 3_600_000},
            {9_000_000, 7_200_000},
            {16_200_000, 10_800_000},
            {32_400_000, 21_600_000},
            {86_400_000, 43_200_000},
            {172_800_000, 86_400_000},
            {604_800_000, 86_400_000},
            {1_814_400_000, 604_800_000}
        };
        for (long[] step : upToThenStep) {
            if (interval.compareTo(Duration.ofMillis(step[0])) <= 0) {
                return Duration.ofMillis(step[1]);
            }
        }
        return interval.compareTo(Duration.ofMillis(3_628_800_000L)) < 0 ? Duration.ofDays(30) : Duration.ofDays(365);
    }

    /** Grafana's short form of an interval (gtime.FormatInterval): the largest whole unit, e.g. 2s, 1m, 500ms. */
    static String grafanaInterval(Duration d) {
        if (d.compareTo(Duration.ofDays(365)) >= 0) {
            return d.toDays() / 365 + "y";
        }
        if (d.compareTo(Duration.ofDays(1)) >= 0) {
            return d.toDays() + "d";
        }
        if (d.compareTo(Duration.ofHours(1)) >= 0) {
            return d.toHours() + "h";
        }
        if (d.compareTo(Duration.ofMinutes(1)) >= 0) {
            return d.toMinutes() + "m";
        }
        if (d.compareTo(Duration.ofSeconds(1)) >= 0) {
            return d.toSeconds() + "s";
        }
        if (d.compareTo(Duration.ofMillis(1)) >= 0) {
            return d.toMillis() + "ms";
        }
        return "1ms";
    }

    /** Go's time.Duration.String(): 4s, 1m0s, 2m5s, 1h0m0s, 1.5s, 500ms. Prometheus parses each of these. */
    static String goDuration(Duration d) {
        if (d.isNegative()) {
            return "-" + goDuration(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            if (nanos < 1_000) {
                return nanos + "ns";
            }
            if (nanos < 1_000_000) {
                return decimal(nanos, 1_000) + "µs";
            }
            return decimal(nanos, 1_000_000) + "ms";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        String seconds = decimal(d.toSecondsPart() * 1_000_000_000L + d.toNanosPart(), 1_000_000_000L) + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static String decimal(long value, long unit) {
        return new BigDecimal(value)
                .divide(new BigDecimal(unit))
                .stripTrailingZeros()
                .toPlainString();
    }
}
