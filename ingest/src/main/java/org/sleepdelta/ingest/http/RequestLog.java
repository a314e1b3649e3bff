package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request (successful scrapes and health probes only at DEBUG): method, route, status, record count,
 * the API key's label (once the key was accepted, as {@code key="front desk"}) and duration. Never the query string
 * (it names clients), never headers (they hold keys), never payloads: only what is safe to ship to any log store.
 */
final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    private RequestLog() {}

    static void log(Context ctx, Float durationMs) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        // The route's template, not the path as sent: a path that matched no route is whatever the client typed.
        String route = endpoint == null ? "(no route)" : endpoint.path;
        // Prometheus and orchestrators call these every few seconds; a line each would bury the API's lines.
        boolean routineProbe = ctx.statusCode() < 400 && (route.equals("/metrics") || route.startsWith("/health/"));
        if (routineProbe ? !log.isDebugEnabled() : !log.isInfoEnabled()) {
            return;
        }
        Object records = ctx.attribute(BatchPipeline.RECORD_COUNT);
        String label = ctx.attribute(Authentication.KEY_LABEL);
        String format = "{} {} {}{}{} {} ms";
        Object[] values = {
            ctx.method(),
            route,
            ctx.statusCode(),
            records == null ? "" : " records=" + records,
            label == null ? "" : " key=\"" + label.replace("\"", "'") + "\"",
            Math.round(durationMs)
        };
        if (routineProbe) {
            log.debug(format, values);
        } else {
            log.info(format, values);
        }
    }
}
