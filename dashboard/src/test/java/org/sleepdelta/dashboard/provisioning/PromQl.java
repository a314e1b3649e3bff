package org.sleepdelta.dashboard.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads: enough of PromQL's lexer for our dashboards and rules. */
final class PromQl {
    /** Series Prometheus itself records, which no service of ours exports. */
    static final Set<String> PROMETHEUS_SERIES = Set.of(
            "up",
            "ALERTS",
            "ALERTS_FOR_STATE",
            "scrape_duration_seconds",
            "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling",
            "scrape_series_added");

    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "atan2",
            "start",
            "end");
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`|\\{(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^}\"])*}|\\[[^\\]]*\\]"
                    + "|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?[a-zA-Z]*|[a-zA-Z_:][a-zA-Z0-9_:]*|\\S");

    private PromQl() {}

    static Set<String> metricNames(String expression) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(expression);
        List<String> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(m.group());
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (LABEL_LIST_KEYWORDS.contains(token) && i + 1 < tokens.size() && "(".equals(tokens.get(i + 1))) {
                while (i < tokens.size() && !")".equals(tokens.get(i))) {
                    i++; // by (endpoint, le): label names
                }
                continue;
            }
            boolean identifier =
                    Character.isLetter(token.charAt(0)) || token.charAt(0) == '_' || token.charAt(0) == ':';
            if (!identifier || AGGREGATIONS.contains(token) || KEYWORDS.contains(token)) {
                continue;
            }
            boolean call = i + 1 < tokens.size() && "(".equals(tokens.get(i + 1));
            if (!call) {
                names.add(token);
            }
        }
        return names;
    }

    /** The name as expected-metrics.txt lists it: histograms by their base name. */
    static String listedName(String name, Set<String> listed) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (name.endsWith(suffix) && listed.contains(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
