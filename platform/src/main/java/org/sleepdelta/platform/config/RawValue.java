package org.sleepdelta.platform.config;

/**
 * A setting's text as found, and where: {@code default}, {@code file /etc/app.properties} or
 * {@code environment SLEEPDELTA_RETENTION_DAYS}. Surrounding whitespace is dropped, since a trailing blank in a
 * properties file is invisible and never meant.
 */
record RawValue(String text, String origin) {

    RawValue {
        text = text.strip();
    }
}
