package org.sleepdelta.ingest.connect.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.connections.ConnectionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD|POST /v1/webhooks/{vendor}}: vendors' notifications, without an API key. The vendor's {@link
 * VendorWebhook} checks the call (signature, handshake) and reads its events; a refused call changes nothing. Each
 * event goes to the owners of the connections of the user it names, as a request: new data (pull), consent withdrawn,
 * or data pushed in the call itself, which is first written as an upload of it would be.
 *
 * <p>Events for users we have no connection of are ignored but still answered 2xx, or the vendor would retry them
 * for ever. A failure on our side (Kafka) answers 503, which vendors retry.
 */
public final class WebhookEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);
    /** Vendors' notifications are small; Garmin's pushes of a few nights stay far below this. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final Connectors connectors;
    private final ConnectionDirectory directory;
    private final ConnectionRequestWriter requests;
    private final PushedSleep pushed;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public WebhookEndpoint(
            Connectors connectors,
            ConnectionDirectory directory,
            ConnectionRequestWriter requests,
            PushedSleep pushed,
            WebhookMetrics metrics,
            Clock clock) {
        this.connectors = connectors;
        this.directory = directory;
        this.requests = requests;
        this.pushed = pushed;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void handle(Context ctx) {
        if (!connectors.enabled()) {
            throw WebErrors.disabled();
        }
        String vendor = ctx.pathParam("vendor");
        VendorConnector connector = connectors.require(vendor);
        byte[] body = body(ctx, vendor);
        VendorWebhook.Reply reply = connector
                .webhook()
                .handle(new VendorWebhook.Request(
                        ctx.method().name(), firstValues(ctx.queryParamMap()), headers(ctx), body));
        if (reply.refusal() != null) {
            metrics.refused(vendor);
            log.warn("a {} webhook call was refused: {}", vendor, reply.refusal());
            answer(ctx, reply);
            return;
        }
        int unmatched = 0;
        for (VendorWebhook.Event event : reply.events()) {
            unmatched += deliver(vendor, event);
        }
        if (unmatched > 0) {
            log.info(
                    "{} of {} {} webhook event(s) named users without a connection: ignored",
                    unmatched,
                    reply.events().size(),
                    vendor);
        }
        metrics.accepted(vendor);
        answer(ctx, reply);
    }

    /** @return 1 when no connection has the event's user, else 0 */
    private int deliver(String vendor, VendorWebhook.Event event) {
        List<Connection> connections;
        try {
            connections = directory.byVendorUser(vendor, event.vendorUserId());
        } catch (RuntimeException e) {
            throw ConnectionEndpoints.kafkaFailed(e, "reading the connections for a webhook");
        }
        if (connections.isEmpty()) {
            return 1;
        }
        for (Connection connection : connections) {
            ConnectionRequest request = request(vendor, event, connection);
            if (request == null) {
                continue;
            }
            try {
                requests.write(request);
            } catch (KafkaUnavailable e) {
                throw ConnectionEndpoints.kafkaFailed(e, "writing a webhook's connection request");
            }
        }
        return 0;
    }

    /** The owner's request for this event, writing a push first; null when the connection takes no data now. */
    private ConnectionRequest request(String vendor, VendorWebhook.Event event, Connection connection) {
        var now = clock.instant();
        return switch (event.kind()) {
            case DEREGISTERED -> ConnectionRequest.deregistered(connection.key(), event.vendorUserId(), now);
            case CHANGED ->
                connection.status() == ConnectionStatus.REVOKED
                        ? null
                        : ConnectionRequest.notify(
                                connection.key(), event.vendorUserId(), event.from(), event.to(), true, now);
            case PUSHED -> pushed(vendor, event, connection);
        };
    }

    private ConnectionRequest pushed(String vendor, VendorWebhook.Event event, Connection connection) {
        if (connection.status() == ConnectionStatus.REVOKED) {
            return null; // consent withdrawn: the data is not ours to keep
        }
        var now = clock.instant();
        try {
            pushed.write(connection.key(), Connectors.adapterOf(vendor), zone(connection.timezone()), event.payload());
            return ConnectionRequest.notify(
                    connection.key(), event.vendorUserId(), event.from(), event.to(), false, now);
        } catch (PushedSleep.Refused e) {
            // The same payload would be refused again, so the vendor is not asked to resend it: the owner pulls
            // the nights instead, through the API, and records any failure on the connection.
            log.warn("a pushed {} payload was not written: {}; asking for a pull instead", vendor, e.getMessage());
            return ConnectionRequest.notify(
                    connection.key(), event.vendorUserId(), event.from(), event.to(), true, now);
        }
    }

    private static ZoneId zone(String timezone) {
        return timezone == null ? null : ZoneId.of(timezone);
    }

    private byte[] body(Context ctx, String vendor) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            metrics.refused(vendor);
            throw WebErrors.bodyTooLarge(MAX_BODY_BYTES);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                metrics.refused(vendor);
                throw WebErrors.bodyTooLarge(MAX_BODY_BYTES);
            }
            return bytes;
        } catch (IOException e) {
            throw WebErrors.invalidBody("the body could not be read to its end");
        }
    }

    private static Map<String, String> firstValues(Map<String, List<String>> values) {
        Map<String, String> first = new HashMap<>();
        values.forEach((name, list) -> {
            if (!list.isEmpty()) {
                first.put(name, list.get(0));
            }
        });
        return first;
    }

    private static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return headers;
    }

    private static void answer(Context ctx, VendorWebhook.Reply reply) {
        ctx.status(reply.status());
        if (reply.contentType() != null) {
            ctx.contentType(reply.contentType());
        }
        if (reply.body().length > 0 && !ctx.method().name().equals("HEAD")) {
            ctx.result(reply.body());
        }
    }
}
