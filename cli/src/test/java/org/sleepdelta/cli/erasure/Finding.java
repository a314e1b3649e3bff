package org.sleepdelta.cli.erasure;

/**
 * Where a marker of an erased client was found: {@code place} names the topic/partition/offset and part, the file, or
 * the table and column.
 */
record Finding(String marker, String place) {
    @Override
    public String toString() {
        return "'" + marker + "' in " + place;
    }
}
