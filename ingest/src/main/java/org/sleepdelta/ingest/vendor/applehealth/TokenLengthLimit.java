package org.sleepdelta.ingest.vendor.applehealth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses export.xml when more than {@code maxBytes} bytes follow each other without whitespace or one of
 * {@code < > " ' =}. Woodstox limits attribute values and text, but not names: an endless element or attribute name
 * would be accumulated whole and exhaust the heap. Every XML name ends at one of these bytes, so this bounds names;
 * it is set above what the attribute and text limits allow (in UTF-8), so those report first with their own message.
 */
final class TokenLengthLimit extends FilterInputStream {
    private final long maxBytes;
    private long run;

    TokenLengthLimit(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            count(buffer[i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes are not seen; read them instead, so that nothing escapes the count.
        byte[] discard = new byte[(int) Math.min(n, 8192)];
        int read = read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    private void count(byte b) throws XmlLimitExceeded {
        switch (b) {
            case ' ', '\t', '\n', '\r', '<', '>', '"', '\'', '=' -> run = 0;
            default -> {
                if (++run > maxBytes) {
                    throw new XmlLimitExceeded(
                            "export.xml has a name or another unbroken run of more than " + maxBytes + " bytes");
                }
            }
        }
    }
}
