package org.sleepdelta.ingest.connect.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.schemas.connections.OAuthTokens;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * A vendor for the route tests (the real fakes live in {@code vendor-fakes}): a loopback authorization endpoint that
 * consents at once, redirecting the browser back with a code bound to the PKCE challenge, a connector whose code
 * exchange checks the verifier against it, and a webhook signed with a fixed header. Webhook bodies are {@code
 * {"user": ..., "kind": "CHANGED"|"PUSHED"|"DEREGISTERED", "payload": {...}}}.
 */
public final class ScriptedVendor implements VendorConnector, AutoCloseable {
    public static final String SIGNATURE_HEADER = "x-scripted-signature";
    public static final String GOOD_SIGNATURE = "signed-by-the-vendor";
    /** The tokens' text, so that a test can look for it in raw bytes. */
    public static final String ACCESS_TOKEN_PREFIX = "scripted-access-token-";

    private final String vendor;
    private final HttpServer server;
    private final Map<String, String> challengeByCode = new ConcurrentHashMap<>();
    private final AtomicInteger codes = new AtomicInteger();
    private volatile boolean deny;

    public ScriptedVendor(String vendor) {
        this.vendor = vendor;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/authorize", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String redirect = query.get("redirect_uri");
            String state = URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
            String location;
            if (deny) {
                location = redirect + "?error=access_denied&state=" + state;
            } else {
                String code = "code-" + codes.incrementAndGet();
                challengeByCode.put(code, query.get("code_challenge"));
                location = redirect + "?code=" + code + "&state=" + state;
            }
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next consents are refused ({@code error=access_denied}). */
    public void denyConsent(boolean deny) {
        this.deny = deny;
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/authorize?response_type=code"
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                + "&code_challenge=" + codeChallenge + "&code_challenge_method=S256"
                + "&redirect_uri=" + URLEncoder.encode(redirectUri.toString(), StandardCharsets.UTF_8));
    }

    @Override
    public VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) throws VendorException {
        String challenge = challengeByCode.remove(code);
        if (challenge == null || !challenge.equals(Pkce.challenge(codeVerifier))) {
            throw new VendorException(VendorException.Kind.INVALID_GRANT, 400, vendor + " token: invalid_grant");
        }
        return new VendorAccount(
                "user-" + code,
                new OAuthTokens(
                        ACCESS_TOKEN_PREFIX + code,
                        "scripted-refresh-" + code,
                        Instant.now().plusSeconds(3600),
                        "sleep"),
                "America/New_York");
    }

    @Override
    public OAuthTokens refresh(OAuthTokens tokens) {
        throw new UnsupportedOperationException("the routes never refresh");
    }

    @Override
    public SleepPage fetchSleep(
            OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String pageCursor) {
        throw new UnsupportedOperationException("the routes never pull");
    }

    @Override
    public void revoke(OAuthTokens tokens, String vendorUserId) {
        throw new UnsupportedOperationException("the routes never revoke at the vendor: the owner does");
    }

    @Override
    public VendorWebhook webhook() {
        return request -> {
            if (request.method().equals("GET") || request.method().equals("HEAD")) {
                String challenge = request.query().get("challenge");
                return challenge == null
                        ? VendorWebhook.Reply.refused(400, "no_challenge")
                        : VendorWebhook.Reply.handshake(200, "text/plain", challenge.getBytes(StandardCharsets.UTF_8));
            }
            if (!GOOD_SIGNATURE.equals(request.header(SIGNATURE_HEADER))) {
                return VendorWebhook.Reply.refused(401, "bad_signature");
            }
            try {
                JsonNode body = StrictJson.mapper().readTree(request.body());
                VendorWebhook.Event.Kind kind =
                        VendorWebhook.Event.Kind.valueOf(body.get("kind").asText());
                byte[] payload =
                        body.has("payload") ? StrictJson.mapper().writeValueAsBytes(body.get("payload")) : null;
                return VendorWebhook.Reply.accepted(
                        List.of(new VendorWebhook.Event(body.get("user").asText(), kind, null, null, payload)));
            } catch (IOException | RuntimeException e) {
                return VendorWebhook.Reply.refused(400, "unreadable");
            }
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            query.put(
                    URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
