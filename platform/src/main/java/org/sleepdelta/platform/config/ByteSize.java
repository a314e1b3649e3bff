package org.sleepdelta.platform.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes the way people write them in config: {@code 20MB}, {@code 512KB}, {@code 1GB} (binary units) or plain bytes. */
public final class ByteSize {
    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?");

    private ByteSize() {}

    /**
     * The number of bytes {@code text} names, from {@code min} to {@code max}.
     *
     * @throws InvalidValueException when it names no size, or one outside the range
     */
    public static long parse(String text, long min, long max) {
        Matcher m = AMOUNT_AND_UNIT.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidValueException();
        }
        long amount = Long.parseLong(m.group(1));
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new InvalidValueException("too large");
        }
        long bytes = amount << shift;
        if (bytes < min || bytes > max) {
            throw new InvalidValueException();
        }
        return bytes;
    }
}
