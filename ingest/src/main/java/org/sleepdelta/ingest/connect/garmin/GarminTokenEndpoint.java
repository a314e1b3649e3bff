package org.sleepdelta.ingest.connect.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * Garmin's OAuth 2.0 token endpoint: the {@code authorization_code} grant with the PKCE verifier, and the
 * {@code refresh_token} grant, which rotates the refresh token. Garmin's PKCE specification has the client id and
 * secret in the form body ({@code client_secret_post}).
 */
final class GarminTokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VendorApp app;
    private final GarminCalls calls;
    private final Clock clock;

    GarminTokenEndpoint(VendorApp app, GarminCalls calls, Clock clock) {
        this.app = app;
        this.calls = calls;
        this.clock = clock;
    }

    OAuthTokens exchangeCode(String code, String codeVerifier, String redirectUri) throws VendorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("code_verifier", codeVerifier);
        form.put("redirect_uri", redirectUri);
        return post(form, "token (authorization_code)", null);
    }

    OAuthTokens refresh(OAuthTokens tokens) throws VendorException {
        if (tokens.refreshToken() == null) {
            throw new VendorException(Kind.INVALID_GRANT, 0, "garmin token (refresh_token): no refresh token held");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        return post(form, "token (refresh_token)", tokens.scope());
    }

    private OAuthTokens post(Map<String, String> form, String call, String previousScope) throws VendorException {
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        Instant asked = clock.instant();
        HttpRequest request = GarminCalls.request(app.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = calls.send(request, call);
        } catch (VendorException e) {
            throw reclassify(e, call);
        }
        return tokens(response.body(), call, asked, previousScope);
    }

    /**
     * A token endpoint's 400 and 401 mean the grant (or our registration) is no good: retrying cannot help, so they
     * ask for a new consent. RFC 6749 §5.2 errors come as 400 {@code invalid_grant}; the body is not kept, since it
     * could echo what we sent.
     */
    private static VendorException reclassify(VendorException e, String call) {
        if (e.kind() == Kind.BAD_RESPONSE || e.kind() == Kind.UNAUTHORIZED) {
            return new VendorException(
                    Kind.INVALID_GRANT, e.status(), "garmin " + call + ": HTTP " + e.status() + ", grant refused");
        }
        return e;
    }

    private static OAuthTokens tokens(byte[] body, String call, Instant asked, String previousScope)
            throws VendorException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "garmin " + call + ": body is not JSON");
        }
        String access = root == null ? null : text(root, "access_token");
        if (access == null) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "garmin " + call + ": no access_token");
        }
        Instant expires = root.path("expires_in").canConvertToLong()
                ? asked.plusSeconds(root.path("expires_in").asLong())
                : null;
        String scope = text(root, "scope");
        return new OAuthTokens(access, text(root, "refresh_token"), expires, scope != null ? scope : previousScope);
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
