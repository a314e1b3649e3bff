package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens request bodies within a size limit, decompressing {@code Content-Encoding: gzip}. The limit holds twice: for
 * the bytes as sent, and for the bytes after decompression, so a small gzip bomb cannot expand into gigabytes.
 */
final class RequestBodies {
    private RequestBodies() {}

    /** The body as sent, decompressed if need be, failing with {@link LimitedInputStream.TooLarge} past the limit. */
    static InputStream open(Context ctx, long maxBytes) {
        boolean gzip = gzip(ctx.header("Content-Encoding"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw Errors.bodyTooLarge(maxBytes).exception(); // refuse before reading a byte
        }
        try {
            InputStream sent = new LimitedInputStream(ctx.bodyInputStream(), maxBytes);
            return gzip ? new LimitedInputStream(new GZIPInputStream(sent, 64 * 1024), maxBytes) : sent;
        } catch (IOException e) {
            throw failure(e, gzip, maxBytes).exception();
        }
    }

    /** The whole body, decompressed; for canonical batches, which are parsed as a whole. */
    static byte[] readAll(Context ctx, long maxBytes) {
        boolean gzip = gzip(ctx.header("Content-Encoding"));
        try (InputStream in = open(ctx, maxBytes)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure(e, gzip, maxBytes).exception();
        }
    }

    /** The error for a body that could not be read to its end. */
    static ApiError failure(IOException e, boolean gzip, long maxBytes) {
        if (LimitedInputStream.isTooLarge(e)) {
            return Errors.bodyTooLarge(maxBytes);
        }
        return Errors.invalidBody(
                gzip
                        ? "the body could not be read: not valid gzip, or cut short"
                        : "the body could not be read to its end");
    }

    static boolean gzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return false;
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity" -> false;
            case "gzip", "x-gzip" -> true;
            default ->
                throw Errors.unsupportedMediaType("Content-Encoding must be gzip or absent")
                        .exception();
        };
    }
}
