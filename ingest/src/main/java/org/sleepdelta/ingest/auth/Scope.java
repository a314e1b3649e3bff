package org.sleepdelta.ingest.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API key may do. Each route states the scope it needs ({@code POST /v1/...} ingest routes: {@link #WRITE}); a
 * key without it is refused with 403. A stored key lists its scopes as {@code scopes=write,read}; without that, it has
 * {@link #DEFAULT} only.
 */
public enum Scope {
    /** Send records (every ingest route). */
    WRITE,
    /** Erase a client's data (routes to come). */
    ERASE,
    /** Read back what was sent (routes to come). */
    READ;

    public static final Set<Scope> DEFAULT = Set.of(WRITE);

    /** As written in the keys file: {@code write}, {@code erase}, {@code read}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> of(String text) {
        return Arrays.stream(values()).filter(s -> s.text().equals(text)).findFirst();
    }

    /** {@code write,read}, in declaration order. */
    public static String text(Set<Scope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(Scope::text).collect(Collectors.joining(","));
    }

    /** Every scope's text, for messages: {@code write, erase, read}. */
    static String names() {
        return Arrays.stream(values()).map(Scope::text).collect(Collectors.joining(", "));
    }
}
