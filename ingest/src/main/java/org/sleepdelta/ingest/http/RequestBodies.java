package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Opens request bodies within a size limit and an {@link UploadPace}, decompressing {@code Content-Encoding: gzip}. The
 * limit holds twice: for the bytes as sent, and for the bytes after decompression, so a small gzip bomb cannot expand
 * into gigabytes. The pace holds for the bytes as sent.
 */
final class RequestBodies {
    private RequestBodies() {}

    /** The body as sent, decompressed if need be, failing with {@link LimitedInputStream.TooLarge} past the limit. */
    static InputStream open(Context ctx, long maxBytes, UploadPace pace) {
        boolean gzip = gzip(ctx.header("Content-Encoding"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw Errors.bodyTooLarge(maxBytes).exception(); // refuse before reading a byte
        }
        try {
            InputStream sent = new LimitedInputStream(paced(ctx, pace), maxBytes);
            return gzip ? new LimitedInputStream(new GZIPInputStream(sent, 64 * 1024), maxBytes) : sent;
        } catch (IOException e) {
            throw failure(e, gzip, maxBytes).exception();
        }
    }

    /** The whole body, decompressed; for canonical batches, which are parsed as a whole. */
    static byte[] readAll(Context ctx, long maxBytes, UploadPace pace) {
        boolean gzip = gzip(ctx.header("Content-Encoding"));
        try (InputStream in = open(ctx, maxBytes, pace)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure(e, gzip, maxBytes).exception();
        }
    }

    /** The error for a body that could not be read to its end. */
    static ApiError failure(Exception e, boolean gzip, long maxBytes) {
        if (LimitedInputStream.isTooLarge(e)) {
            return Errors.bodyTooLarge(maxBytes);
        }
        PacedInputStream.TooSlow tooSlow = PacedInputStream.find(e);
        if (tooSlow != null) {
            return Errors.requestTimeout(tooSlow.getMessage());
        }
        return Errors.invalidBody(
                gzip
                        ? "the body could not be read: not valid gzip, or cut short"
                        : "the body could not be read to its end");
    }

    /**
     * The raw body, paced. A read that waits for bytes that never come is ended by the connection's idle timeout, which
     * is therefore the grace period while the body is read (pauses longer than that end the upload), and what it was
     * once the body is closed, for the response and the connection's next requests.
     */
    private static InputStream paced(Context ctx, UploadPace pace) throws IOException {
        InputStream body = ctx.bodyInputStream();
        EndPoint endPoint = endPoint(ctx);
        if (endPoint == null) {
            return new PacedInputStream(body, pace, System::nanoTime, () -> {});
        }
        long before = endPoint.getIdleTimeout();
        long stall = pace.grace().toMillis();
        endPoint.setIdleTimeout(before > 0 ? Math.min(before, stall) : stall);
        return new PacedInputStream(body, pace, System::nanoTime, () -> endPoint.setIdleTimeout(before));
    }

    private static EndPoint endPoint(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null
                ? null
                : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /**
     * Reads what is left of a body the adapter stopped reading, within the body's limit and pace, and drops it. A
     * refusal decided early (a 19 MB string, past the first megabyte) would otherwise be answered while the client is
     * still sending, and the connection closed with unread data: the client then sees a reset instead of the answer.
     * A body past its limit or too slow is left unread: its own answer stands and the connection goes.
     */
    static void discardRest(InputStream body) {
        try {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException stopped) {
            // past the limit, too slow or gone: nothing more to read for this answer
        }
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
