package org.sleepdelta.ingest.connect.fitbit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * A {@link VendorWebhook} behind real HTTP on loopback, as the webhook route serves it, so that the fake's sender
 * reaches it the way Google's servers would. Keeps the events of every accepted call.
 */
final class WebhookEndpoint implements AutoCloseable {
    final List<VendorWebhook.Event> events = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    WebhookEndpoint(VendorWebhook webhook) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/webhooks/fitbit", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            VendorWebhook.Reply reply = webhook.handle(new VendorWebhook.Request(
                    exchange.getRequestMethod(),
                    Map.of(),
                    headers,
                    exchange.getRequestBody().readAllBytes()));
            events.addAll(reply.events());
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/webhooks/fitbit");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
