package org.sleepdelta.ingest.connect.garmin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * Our webhook endpoint as far as a connector's {@link VendorWebhook} goes, on loopback: what the fake's servers send
 * arrives over real HTTP and is handed to the webhook as the route would hand it; the replies are kept.
 */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<VendorWebhook.Reply> replies = new CopyOnWriteArrayList<>();

    WebhookReceiver(VendorWebhook webhook) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/webhooks/garmin", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            VendorWebhook.Reply reply = webhook.handle(new VendorWebhook.Request(
                    exchange.getRequestMethod(), query(exchange.getRequestURI().getRawQuery()), headers, body));
            replies.add(reply);
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/webhooks/garmin");
    }

    List<VendorWebhook.Reply> replies() {
        return new ArrayList<>(replies);
    }

    VendorWebhook.Reply lastReply() {
        return replies.get(replies.size() - 1);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.putIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
