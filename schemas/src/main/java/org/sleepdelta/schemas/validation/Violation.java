package org.sleepdelta.schemas.validation;

/** One problem with one field of one record: {@code field} is a JSON-style path, {@code reason} says what is expected. */
public record Violation(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
