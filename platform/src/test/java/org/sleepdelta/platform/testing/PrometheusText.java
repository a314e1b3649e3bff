package org.sleepdelta.platform.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scrape in the Prometheus text format, read back into samples, so that tests can ask for a value by name and labels
 * instead of matching text.
 *
 * <pre>{@code
 * PrometheusText scrape = PrometheusText.parse(body);
 * double rejected = scrape.value("sleepdelta_streams_records_rejected_total", "reason", "TOO_LATE");
 * }</pre>
 */
public final class PrometheusText {
    /** One sample line: {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** @throws IllegalArgumentException naming the line that is not a sample or a comment */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNumber + " is not a sample: " + line, e);
            }
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The distinct sample names, sorted. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** Every label name on any sample, sorted. */
    public Set<String> labelNames() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.addAll(s.labels().keySet()));
        return names;
    }

    /** The samples of that name whose labels include the given ones ({@code "reason", "TOO_LATE", ...}). */
    public List<Sample> find(String name, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (!sample.name().equals(name)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                matches &= labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]));
            }
            if (matches) {
                found.add(sample);
            }
        }
        return found;
    }

    /**
     * The value of the one sample of that name with those labels.
     *
     * @throws AssertionError when there is none, or more than one
     */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labelPairs) + ", found " + found);
        }
        return found.get(0).value();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int valueStart;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            valueStart = i + 2;
        } else {
            name = line.substring(0, space);
            valueStart = space + 1;
        }
        String[] rest = line.substring(valueStart).trim().split(" ");
        return new Sample(name, labels, parseValue(rest[0]));
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
