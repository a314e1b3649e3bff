package org.sleepdelta.cli.docs;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' own meters ({@code sleepdelta.*}), read from the constants of the classes that register them, and the
 * names as Prometheus scrapes them. A meter name has at least three parts ({@code sleepdelta.<service>.<what>}), which
 * keeps out the two-part request attributes some of those classes also declare ({@code sleepdelta.kind}).
 */
final class ExportedMetrics {
    private static final Pattern METER_NAME = Pattern.compile("sleepdelta(\\.[a-z0-9]+){2,}");
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("sleepdelta_[a-z0-9_]+");
    /** A name with its series in brackets, as the docs' tables write them: {@code `x_seconds` (`_count`, `_max`)}. */
    private static final Pattern NAME_WITH_SERIES = Pattern.compile("`(sleepdelta_[a-z0-9_]+)` \\(([^)]*)\\)");

    private static final Pattern SERIES_SUFFIX = Pattern.compile("`(_[a-z]+)`");
    /** What Micrometer's Prometheus naming appends: counters, timers (base unit seconds) and their series. */
    private static final List<String> SUFFIXES = List.of(
            "", "_total", "_seconds", "_seconds_max", "_seconds_count", "_seconds_sum", "_seconds_bucket", "_max");

    record Meter(String name, String declaredBy) {
        /** Dots as underscores, as Prometheus names it before the type's suffix. */
        String prometheusName() {
            return name.replace('.', '_');
        }

        boolean isDocumentedIn(Set<String> documentedNames) {
            return SUFFIXES.stream().anyMatch(suffix -> documentedNames.contains(prometheusName() + suffix));
        }
    }

    private ExportedMetrics() {}

    static List<Meter> declaredBy(List<String> classNames) throws ClassNotFoundException, IllegalAccessException {
        List<Meter> meters = new ArrayList<>();
        for (String className : classNames) {
            Class<?> type = Class.forName(className);
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && Modifier.isFinal(field.getModifiers())
                        && field.getType() == String.class) {
                    field.setAccessible(true);
                    String value = (String) field.get(null);
                    if (METER_NAME.matcher(value).matches()) {
                        meters.add(new Meter(value, type.getSimpleName()));
                    }
                }
            }
        }
        return meters;
    }

    /** Every {@code sleepdelta_*} name in a text, and each series named as a suffix in brackets after one. */
    static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PROMETHEUS_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        Matcher withSeries = NAME_WITH_SERIES.matcher(text);
        while (withSeries.find()) {
            Matcher suffix = SERIES_SUFFIX.matcher(withSeries.group(2));
            while (suffix.find()) {
                names.add(withSeries.group(1) + suffix.group(1));
            }
        }
        return names;
    }
}
