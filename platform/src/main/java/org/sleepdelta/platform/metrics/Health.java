package org.sleepdelta.platform.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a health check found: up or down, and a few details for people ({@code {"state": "RUNNING"}}). Details are
 * shown to whoever can reach the ops port, so they never carry secrets, clients or clinics.
 */
public record Health(boolean up, Map<String, String> details) {
    public Health {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static final Health UP = new Health(true, Map.of());
    public static final Health DOWN = new Health(false, Map.of());

    /** The same health with one more detail. */
    public Health with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new Health(up, more);
    }

    /** A check from a plain condition. */
    public static Supplier<Health> of(BooleanSupplier up) {
        return () -> up.getAsBoolean() ? UP : DOWN;
    }
}
