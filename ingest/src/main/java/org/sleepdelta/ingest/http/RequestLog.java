package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, route, status, record count and duration. Never the query string (it names
 * clients), never headers (they hold keys), never payloads: only what is safe to ship to any log store.
 */
final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    private RequestLog() {}

    static void log(Context ctx, Float durationMs) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        // The route's template, not the path as sent: a path that matched no route is whatever the client typed.
        String route = endpoint == null ? "(no route)" : endpoint.path;
        Object records = ctx.attribute(BatchPipeline.RECORD_COUNT);
        log.info("{} {} {}{} {} ms", ctx.method(), route, ctx.statusCode(),
                records == null ? "" : " records=" + records, Math.round(durationMs));
    }
}
