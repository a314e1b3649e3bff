package org.sleepdelta.ingest.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.sleepdelta.ingest.tls.ReloadingTls;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP routes and the one error path: every failure becomes an {@link ApiError} in JSON. With {@code tls}, the one
 * connector speaks HTTPS only (TLS 1.2+); {@code /metrics} and {@code /health/*} are routes here only when they have
 * no port of their own ({@code health} null otherwise), which the settings allow only without TLS.
 */
final class IngestServer {
    private static final Logger log = LoggerFactory.getLogger(IngestServer.class);

    private IngestServer() {}

    static Javalin create(
            CanonicalBatchEndpoint sleepRecords,
            CanonicalBatchEndpoint massageSessions,
            WearableSleepEndpoint wearables,
            ErasureEndpoints erasures,
            ConnectionRoutes connections,
            HealthEndpoints health,
            ServiceMetrics metrics,
            IngestMetrics ingestMetrics,
            ReloadingTls tls,
            String host,
            int port) {
        return Javalin.create(config -> {
            if (tls != null) {
                config.jetty.addConnector((server, httpConfiguration) -> {
                    HttpConfiguration https = new HttpConfiguration(httpConfiguration);
                    https.addCustomizer(new SecureRequestCustomizer());
                    ServerConnector connector = new ServerConnector(
                            server,
                            new SslConnectionFactory(tls.factory(), HttpVersion.HTTP_1_1.asString()),
                            new HttpConnectionFactory(https));
                    connector.setHost(host);
                    connector.setPort(port);
                    return connector;
                });
            } else {
                config.jetty.host = host;
                config.jetty.port = port;
            }
            // Jetty's own refusals (bad request line, oversized headers, undecodable URI) in our JSON shape, both
            // before any context (the server's handler) and inside the servlet context.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.requestLogger.http((ctx, ms) -> {
                ingestMetrics.requestEnded(ctx, ms);
                RequestLog.log(ctx, ms);
            });
            config.routes.post("/v1/sleep-records", sleepRecords);
            config.routes.post("/v1/massage-sessions", massageSessions);
            config.routes.post("/v1/wearables/{vendor}/sleep", wearables);
            config.routes.delete("/v1/clients/{clientId}", erasures::erase);
            config.routes.post("/v1/clients/{clientId}/registration", erasures::reregister);
            config.routes.get("/v1/erasures/{erasureId}", erasures::status);
            config.routes.post("/v1/clients/{clientId}/connections/{vendor}", connections.clinic()::link);
            config.routes.delete("/v1/clients/{clientId}/connections/{vendor}", connections.clinic()::revoke);
            config.routes.get("/v1/clients/{clientId}/connections", connections.clinic()::list);
            config.routes.get("/v1/connections/callback", connections.callback()::handle);
            // Vendors check a webhook URL with GET (Oura's challenge) or HEAD (Withings) before they POST to it.
            config.routes.get("/v1/webhooks/{vendor}", connections.webhooks()::handle);
            config.routes.head("/v1/webhooks/{vendor}", connections.webhooks()::handle);
            config.routes.post("/v1/webhooks/{vendor}", connections.webhooks()::handle);
            if (health != null) {
                config.routes.get("/health/live", health::live);
                config.routes.get("/health/ready", health::ready);
                // For the monitoring system, without an API key: JVM, Kafka client and request figures and record
                // counts, no health data and nothing that names a clinic, a client or a key.
                config.routes.get(
                        "/metrics",
                        ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(metrics.scrape()));
            }
            config.routes.exception(ApiException.class, (e, ctx) -> refuse(ctx, e.error(), ingestMetrics));
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> refuse(
                            ctx,
                            switch (e.getStatus()) {
                                case 404 -> Errors.notFound("no such endpoint");
                                case 405 ->
                                    ApiError.of(405, "method_not_allowed", "this endpoint does not take that method");
                                default ->
                                    ApiError.of(e.getStatus(), "http_" + e.getStatus(), "the request was refused");
                            },
                            ingestMetrics));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error(
                        "unexpected failure of {} {}",
                        ctx.method(),
                        ctx.endpoints().lastHttpEndpoint() == null
                                ? "(no route)"
                                : ctx.endpoints().lastHttpEndpoint().path,
                        e);
                refuse(ctx, Errors.internal(), ingestMetrics);
            });
        });
    }

    private static void refuse(Context ctx, ApiError error, IngestMetrics metrics) {
        metrics.refused(ctx, error);
        JsonResponses.error(ctx, error);
    }
}
