package org.sleepdelta.fakes.googlehealth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AIP-160 filters the list endpoint documents for interval data types, as far as sleep needs them: comparisons
 * ({@code >=}, {@code <}) of {@code sleep.interval.start_time} (RFC 3339) or {@code sleep.interval.civil_start_time}
 * ({@code YYYY-MM-DD[THH:mm:ss]}), joined by {@code AND}.
 */
final class SleepFilter {
    /** A filter the API would refuse with 400 INVALID_ARGUMENT. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*([A-Za-z_-]+)\\.interval\\.(civil_start_time|start_time)\\s*(>=|<)\\s*\"([^\"]+)\"\\s*");

    private SleepFilter() {}

    static Predicate<ObjectNode> parse(String filter) throws Invalid {
        if (filter == null || filter.isBlank()) {
            return point -> true;
        }
        List<Predicate<ObjectNode>> all = new ArrayList<>();
        for (String part : filter.split("\\s+AND\\s+")) {
            Matcher m = COMPARISON.matcher(part);
            if (!m.matches()) {
                throw new Invalid("INVALID_DATA_POINT_FILTER: unsupported filter expression");
            }
            if (!m.group(1).equals("sleep")) {
                throw new Invalid("INVALID_DATA_POINT_FILTER: the filter must name the data type sleep");
            }
            all.add(comparison(m.group(2), m.group(3).equals(">="), m.group(4)));
        }
        return point -> all.stream().allMatch(p -> p.test(point));
    }

    private static Predicate<ObjectNode> comparison(String field, boolean atLeast, String literal) throws Invalid {
        try {
            if (field.equals("start_time")) {
                Instant bound = Instant.parse(literal);
                return point -> compare(SleepStore.position(point).startTime().compareTo(bound), atLeast);
            }
            LocalDateTime bound =
                    literal.length() == 10 ? LocalDate.parse(literal).atStartOfDay() : LocalDateTime.parse(literal);
            return point -> compare(SleepStore.civilStart(point).compareTo(bound), atLeast);
        } catch (DateTimeParseException e) {
            throw new Invalid("INVALID_DATA_POINT_FILTER: bad time literal");
        }
    }

    private static boolean compare(int comparison, boolean atLeast) {
        return atLeast ? comparison >= 0 : comparison < 0;
    }
}
