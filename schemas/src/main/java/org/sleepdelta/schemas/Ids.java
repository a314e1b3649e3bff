package org.sleepdelta.schemas;

import java.util.regex.Pattern;

/** The id rule of the contract: {@code [A-Za-z0-9._:-]{1,64}}. */
public final class Ids {
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Ids() {}

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    public static void require(String field, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " must match " + PATTERN.pattern());
        }
    }
}
