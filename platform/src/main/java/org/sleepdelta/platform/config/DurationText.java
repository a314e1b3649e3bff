package org.sleepdelta.platform.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations the way people write them in config: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
final class DurationText {

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Map<String, ChronoUnit> UNITS = Map.of(
            "ms",
            ChronoUnit.MILLIS,
            "s",
            ChronoUnit.SECONDS,
            "m",
            ChronoUnit.MINUTES,
            "h",
            ChronoUnit.HOURS,
            "d",
            ChronoUnit.DAYS);
    // Largest first, so format() picks the shortest exact spelling.
    private static final List<String> UNITS_LARGEST_FIRST = List.of("d", "h", "m", "s", "ms");

    private DurationText() {}

    static Duration parse(String text) {
        Matcher matcher = AMOUNT_AND_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidValueException();
        }
        try {
            return Duration.of(Long.parseLong(matcher.group(1)), UNITS.get(matcher.group(2)));
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new InvalidValueException("too large");
        }
    }

    static String format(Duration duration) {
        for (String unit : UNITS_LARGEST_FIRST) {
            Duration one = UNITS.get(unit).getDuration();
            if (duration.toNanos() % one.toNanos() == 0) {
                return duration.dividedBy(one) + unit;
            }
        }
        return duration.toString();
    }
}
