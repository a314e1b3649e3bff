package org.sleepdelta.ingest.connect.oura;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sleepdelta.fakes.FakeHttpServer;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * A vendor's webhook served on loopback the way ingest's route serves it (method, query, lower-cased headers, raw
 * body in; the Reply's status, type and body out), keeping every Reply so tests see the events. Test support shared
 * by the Oura and Withings connector tests.
 */
public final class LoopbackWebhook implements AutoCloseable {
    private static final List<String> HEADERS =
            List.of("x-oura-signature", "x-oura-timestamp", "content-type", "authorization");

    private final FakeHttpServer server;
    private final List<VendorWebhook.Reply> replies = new CopyOnWriteArrayList<>();
    private final String path;

    public LoopbackWebhook(String vendor, VendorWebhook webhook) {
        this.path = "/v1/webhooks/" + vendor;
        this.server = new FakeHttpServer(Clock.systemUTC())
                .route(path, exchange -> {
                    Map<String, String> headers = new HashMap<>();
                    for (String name : HEADERS) {
                        String value = exchange.header(name);
                        if (value != null) {
                            headers.put(name.toLowerCase(Locale.ROOT), value);
                        }
                    }
                    VendorWebhook.Reply reply = webhook.handle(new VendorWebhook.Request(
                            exchange.method(), exchange.queryParameters(), headers, exchange.body()));
                    replies.add(reply);
                    exchange.respond(reply.status(), reply.contentType(), reply.body(), Map.of());
                })
                .start();
    }

    public URI url() {
        return server.uri(path);
    }

    public List<VendorWebhook.Reply> replies() {
        return new ArrayList<>(replies);
    }

    public VendorWebhook.Reply lastReply() {
        return replies.get(replies.size() - 1);
    }

    @Override
    public void close() {
        server.close();
    }
}
