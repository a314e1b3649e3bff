package org.sleepdelta.schemas.json;

import java.util.List;
import java.util.function.Function;
import org.sleepdelta.schemas.validation.Violation;

/** A record read from JSON, or every reason it could not be. */
public record Parsed<T>(T value, List<Violation> violations) {
    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(value, List.of());
    }

    public static <T> Parsed<T> invalid(List<Violation> violations) {
        return new Parsed<>(null, List.copyOf(violations));
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** The value turned into another, or the same violations when there is none. */
    public <R> Parsed<R> map(Function<? super T, ? extends R> f) {
        return isValid() ? ok(f.apply(value)) : invalid(violations);
    }
}
