package org.sleepdelta.ingest.connect.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * The Garmin Connect Developer Program's Health API (docs/connections/garmin.md): OAuth 2.0 with PKCE, the user id
 * from {@code /wellness-api/rest/user/id}, sleep summaries pushed to our webhook (Garmin's main path), pulled by upload
 * window when pushes go quiet, and history requested once through the backfill endpoint, which Garmin answers by
 * pushing. Revocation is Garmin's user deregistration.
 */
public final class GarminConnector implements VendorConnector {
    static final String USER_ID_PATH = "/wellness-api/rest/user/id";
    static final String REGISTRATION_PATH = "/wellness-api/rest/user/registration";
    static final String SLEEPS_PATH = "/wellness-api/rest/sleeps";
    static final String BACKFILL_SLEEPS_PATH = "/wellness-api/rest/backfill/sleeps";
    /** How far back the one backfill request reaches: the longest period one request may ask for. */
    static final int BACKFILL_DAYS = 30;
    /** {@code vendorState} key: when the history was requested (epoch seconds); its presence means done. */
    static final String BACKFILL_REQUESTED_AT = "backfillRequestedAt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VendorApp app;
    private final Clock clock;
    private final GarminCalls calls;
    private final GarminTokenEndpoint tokenEndpoint;
    private final GarminWebhook webhook;

    public GarminConnector(VendorApp app, HttpClient http, Clock clock) {
        this(app, http, clock, null);
    }

    /**
     * @param webhookKey the secret {@code key} query parameter of the push URL registered with Garmin, which the
     *                   webhook then demands; null for none
     */
    public GarminConnector(VendorApp app, HttpClient http, Clock clock, String webhookKey) {
        this.app = Objects.requireNonNull(app, "app");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.calls = new GarminCalls(Objects.requireNonNull(http, "http"), clock);
        this.tokenEndpoint = new GarminTokenEndpoint(app, calls, clock);
        this.webhook = new GarminWebhook(app.clientId(), webhookKey);
    }

    @Override
    public String vendor() {
        return "garmin";
    }

    /** Garmin takes no {@code scope}: the user picks what to share on the consent screen (see user permissions). */
    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId());
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        query.put("redirect_uri", redirectUri.toString());
        query.put("state", state);
        return withQuery(app.authorizeUrl(), query);
    }

    @Override
    public VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) throws VendorException {
        OAuthTokens tokens = tokenEndpoint.exchangeCode(code, codeVerifier, redirectUri.toString());
        HttpResponse<byte[]> response =
                calls.send(bearer(api(USER_ID_PATH, Map.of()), tokens).GET().build(), "user id");
        JsonNode userId = json(response.body(), "user id").get("userId");
        if (userId == null || userId.asText().isEmpty()) {
            throw new VendorException(Kind.BAD_RESPONSE, response.statusCode(), "garmin user id: no userId");
        }
        // Garmin's summaries carry their UTC offset but no zone: the clinic's zone for the client applies.
        return new VendorAccount(userId.asText(), tokens, null);
    }

    @Override
    public OAuthTokens refresh(OAuthTokens tokens) throws VendorException {
        return tokenEndpoint.refresh(tokens);
    }

    /**
     * One upload window of the pull endpoint ({@link GarminUploadWindows}); the payload is Garmin's JSON array of
     * summaries as it came, which the Garmin adapter reads.
     */
    @Override
    public SleepPage fetchSleep(
            OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String pageCursor)
            throws VendorException {
        GarminUploadWindows.Window window;
        try {
            window = GarminUploadWindows.page(from, to, pageCursor, clock.instant());
        } catch (IllegalArgumentException e) {
            // Only a cursor of another connector or another window gets here: read the window afresh.
            throw new VendorException(Kind.BAD_RESPONSE, 0, "garmin sleeps: " + e.getMessage());
        }
        if (window == null) {
            return new SleepPage("[]".getBytes(StandardCharsets.UTF_8), "garmin", null);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("uploadStartTimeInSeconds", Long.toString(window.start()));
        query.put("uploadEndTimeInSeconds", Long.toString(window.end()));
        HttpResponse<byte[]> response =
                calls.send(bearer(api(SLEEPS_PATH, query), tokens).GET().build(), "sleeps");
        if (!json(response.body(), "sleeps").isArray()) {
            throw new VendorException(Kind.BAD_RESPONSE, response.statusCode(), "garmin sleeps: not an array");
        }
        return new SleepPage(response.body(), "garmin", window.nextCursor());
    }

    /**
     * Deregisters the user ({@code DELETE /user/registration}): Garmin drops our access and sends a deregistration
     * push. Garmin has no token revocation endpoint.
     */
    @Override
    public void revoke(OAuthTokens tokens, String vendorUserId) throws VendorException {
        calls.send(bearer(api(REGISTRATION_PATH, Map.of()), tokens).DELETE().build(), "deregistration");
    }

    /**
     * Garmin's push endpoints are configured per app in its portal, so there is nothing to subscribe per user; what a
     * new connection needs is its history, which Garmin serves only by backfill: one request for the last {@value
     * #BACKFILL_DAYS} days, answered 202 and then pushed to our webhook. Asked once per connection (409, "already
     * requested", counts as done).
     */
    @Override
    public Map<String, String> ensureUserSubscription(
            OAuthTokens tokens, String vendorUserId, URI callbackUrl, Map<String, String> vendorState)
            throws VendorException {
        if (vendorState.containsKey(BACKFILL_REQUESTED_AT)) {
            return vendorState;
        }
        Instant now = clock.instant();
        Map<String, String> query = new LinkedHashMap<>();
        query.put(
                "summaryStartTimeInSeconds",
                Long.toString(now.minus(Duration.ofDays(BACKFILL_DAYS)).getEpochSecond()));
        query.put("summaryEndTimeInSeconds", Long.toString(now.getEpochSecond()));
        try {
            calls.send(bearer(api(BACKFILL_SLEEPS_PATH, query), tokens).GET().build(), "backfill sleeps");
        } catch (VendorException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        Map<String, String> state = new HashMap<>(vendorState);
        state.put(BACKFILL_REQUESTED_AT, Long.toString(now.getEpochSecond()));
        return Map.copyOf(state);
    }

    @Override
    public VendorWebhook webhook() {
        return webhook;
    }

    private URI api(String path, Map<String, String> query) {
        String base = app.apiUrl().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
        return query.isEmpty() ? uri : withQuery(uri, query);
    }

    private static HttpRequest.Builder bearer(URI uri, OAuthTokens tokens) {
        return GarminCalls.request(uri).header("Authorization", "Bearer " + tokens.accessToken());
    }

    private static JsonNode json(byte[] body, String call) throws VendorException {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                throw new VendorException(Kind.BAD_RESPONSE, 200, "garmin " + call + ": empty body");
            }
            return root;
        } catch (IOException e) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "garmin " + call + ": body is not JSON");
        }
    }

    private static URI withQuery(URI base, Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + (base.getRawQuery() == null ? "?" : "&") + encoded);
    }
}
