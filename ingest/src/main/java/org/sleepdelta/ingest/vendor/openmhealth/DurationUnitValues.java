package org.sleepdelta.ingest.vendor.openmhealth;

import static org.sleepdelta.ingest.vendor.support.JsonFields.number;
import static org.sleepdelta.ingest.vendor.support.JsonFields.object;
import static org.sleepdelta.ingest.vendor.support.JsonFields.path;
import static org.sleepdelta.ingest.vendor.support.JsonFields.required;
import static org.sleepdelta.ingest.vendor.support.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import org.sleepdelta.ingest.vendor.support.ItemProblem;

/**
 * Reads an Open mHealth / IEEE 1752.1 {@code duration-unit-value}, {@code {"value": 8.5, "unit": "h"}}, converting
 * by its unit, never assuming minutes. The schema's unit enum is {@code ps ns us ms sec min h d wk Mo yr}; the UCUM
 * code for seconds, {@code s}, is accepted too. Months and years have no fixed length, so they (and any other unit)
 * are a problem.
 */
final class DurationUnitValues {
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ps", new BigDecimal("0.001"),
            "ns", BigDecimal.ONE,
            "us", new BigDecimal("1000"),
            "ms", new BigDecimal("1000000"),
            "s", new BigDecimal("1000000000"),
            "sec", new BigDecimal("1000000000"),
            "min", new BigDecimal("60000000000"),
            "h", new BigDecimal("3600000000000"),
            "d", new BigDecimal("86400000000000"),
            "wk", new BigDecimal("604800000000000"));
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private DurationUnitValues() {}

    static Duration read(JsonNode node, String path) {
        object(node, path);
        double value = number(required(node, path, "value"), path(path, "value"));
        if (value < 0) {
            throw new ItemProblem(path(path, "value"), "must not be negative");
        }
        String unit = text(required(node, path, "unit"), path(path, "unit"));
        BigDecimal nanosPerUnit = NANOS_PER_UNIT.get(unit);
        if (nanosPerUnit == null) {
            throw new ItemProblem(
                    path(path, "unit"),
                    "must be a duration unit with a fixed length: ps, ns, us, ms, s, sec, min, h, d or wk");
        }
        BigDecimal nanos = BigDecimal.valueOf(value).multiply(nanosPerUnit).setScale(0, RoundingMode.HALF_UP);
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new ItemProblem(path(path, "value"), "is too large for a duration");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }
}
