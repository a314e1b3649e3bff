package org.sleepdelta.fakes;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authorization server of a fake vendor, as RFC 6749 and RFC 7636 describe it and the vendors document it:
 * single-use authorization codes bound to the client, the redirect URI and a PKCE S256 challenge; access tokens that
 * expire; refresh tokens that rotate on every use, where presenting a used one fails with {@code invalid_grant}; and
 * consent a user can withdraw. The vendor fakes put their own HTTP shapes around it.
 *
 * <p>Everything a test wants to check is counted: refreshes per user, and every refresh token presented twice.
 */
public final class FakeOAuth {
    /** Tokens issued by a grant. */
    public record Grant(String userId, String accessToken, String refreshToken, long expiresInSeconds, String scope) {
        @Override
        public String toString() {
            return "Grant[" + userId + ", <tokens>]";
        }
    }

    /** An OAuth error response: {@code error} as RFC 6749 §5.2 names it, and the HTTP status to send. */
    public static final class OAuthError extends Exception {
        private final String error;
        private final int status;

        public OAuthError(int status, String error, String description) {
            super(description);
            this.status = status;
            this.error = error;
        }

        public String error() {
            return error;
        }

        public int status() {
            return status;
        }
    }

    private record Code(String userId, String clientId, String redirectUri, String challenge, Instant expires) {}

    private record Access(String userId, Instant expires) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CODE_TTL = Duration.ofMinutes(10);

    private final Clock clock;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    /** Live refresh tokens, by token, to their user. */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    /** Refresh tokens already exchanged: presenting one again is a reuse. */
    private final Map<String, String> usedRefreshTokens = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> refreshes = new ConcurrentHashMap<>();
    private final List<String> reuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Boolean> withdrawn = new ConcurrentHashMap<>();
    private volatile Duration accessTokenTtl = Duration.ofHours(1);
    private volatile String nextConsentingUser;
    private volatile boolean nextConsentDenied;
    private volatile String scope = "";

    public FakeOAuth(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.clientId = Objects.requireNonNull(clientId);
        this.clientSecret = Objects.requireNonNull(clientSecret);
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** How long new access tokens live (scripted short to exercise refreshes). */
    public FakeOAuth accessTokenTtl(Duration ttl) {
        accessTokenTtl = ttl;
        return this;
    }

    /** The scope granted to new tokens, as the vendor writes it. */
    public FakeOAuth scope(String granted) {
        scope = granted;
        return this;
    }

    /**
     * Who consents at the next authorization request that does not name its user; the scripted browser of tests and
     * the demo names the user instead, with the query parameter {@code fake_user}.
     */
    public FakeOAuth nextConsentBy(String userId) {
        nextConsentingUser = userId;
        nextConsentDenied = false;
        return this;
    }

    /** The next authorization request is denied by the user ({@code error=access_denied}). */
    public FakeOAuth denyNextConsent() {
        nextConsentDenied = true;
        return this;
    }

    /**
     * The consent screen: returns where the browser is sent next, the client's redirect URI with a code (or an error)
     * and the state. Checks what a vendor checks before showing the screen: the client id, and a S256 PKCE challenge.
     *
     * @throws OAuthError when the request is malformed (a vendor shows an error page then, without redirecting)
     */
    public URI authorize(Map<String, String> query) throws OAuthError {
        if (!clientId.equals(query.get("client_id"))) {
            throw new OAuthError(400, "invalid_client", "unknown client_id");
        }
        String redirectUri = query.get("redirect_uri");
        if (redirectUri == null || !redirectUri.startsWith("http")) {
            throw new OAuthError(400, "invalid_request", "redirect_uri is required");
        }
        String challenge = query.get("code_challenge");
        if (challenge == null || !"S256".equals(query.get("code_challenge_method"))) {
            throw new OAuthError(400, "invalid_request", "a PKCE code_challenge with method S256 is required");
        }
        String state = query.get("state");
        if (nextConsentDenied) {
            nextConsentDenied = false;
            return withParameters(redirectUri, Map.of("error", "access_denied", "state", nullToEmpty(state)));
        }
        String userId = query.getOrDefault("fake_user", nextConsentingUser);
        if (userId == null) {
            throw new OAuthError(
                    400, "invalid_request", "no user consents: script one with nextConsentBy or fake_user");
        }
        withdrawn.remove(userId);
        String code = token("code");
        codes.put(
                code,
                new Code(
                        userId,
                        clientId,
                        redirectUri,
                        challenge,
                        clock.instant().plus(CODE_TTL)));
        return withParameters(redirectUri, Map.of("code", code, "state", nullToEmpty(state)));
    }

    /** The token endpoint's {@code authorization_code} grant. */
    public Grant exchangeCode(
            String presentedClientId, String presentedSecret, String code, String redirectUri, String verifier)
            throws OAuthError {
        checkClient(presentedClientId, presentedSecret);
        Code issued = code == null ? null : codes.remove(code); // single use, whatever happens next
        if (issued == null || clock.instant().isAfter(issued.expires())) {
            throw new OAuthError(400, "invalid_grant", "the code is unknown, used or expired");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            throw new OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        if (verifier == null || !issued.challenge().equals(s256(verifier))) {
            throw new OAuthError(400, "invalid_grant", "the code_verifier does not match the code_challenge");
        }
        return issue(issued.userId());
    }

    /** The token endpoint's {@code refresh_token} grant: rotates the refresh token. */
    public Grant refresh(String presentedClientId, String presentedSecret, String refreshToken) throws OAuthError {
        checkClient(presentedClientId, presentedSecret);
        if (refreshToken == null) {
            throw new OAuthError(400, "invalid_request", "refresh_token is required");
        }
        String reusedBy = usedRefreshTokens.get(refreshToken);
        if (reusedBy != null) {
            reuses.add(reusedBy);
            throw new OAuthError(400, "invalid_grant", "the refresh token was already used");
        }
        String userId = refreshTokens.remove(refreshToken);
        if (userId == null || withdrawn.containsKey(userId)) {
            throw new OAuthError(400, "invalid_grant", "the refresh token is invalid or revoked");
        }
        usedRefreshTokens.put(refreshToken, userId);
        refreshes.computeIfAbsent(userId, u -> new AtomicInteger()).incrementAndGet();
        return issue(userId);
    }

    /** The user whose valid, unexpired access token this is; empty when it is unknown, expired or revoked. */
    public Optional<String> userOf(String accessToken) {
        Access access = accessToken == null ? null : accessTokens.get(accessToken);
        if (access == null || !clock.instant().isBefore(access.expires()) || withdrawn.containsKey(access.userId())) {
            return Optional.empty();
        }
        return Optional.of(access.userId());
    }

    /** Our revocation call for one token (access or refresh): every token of the user stops working. */
    public void revokeToken(String token) {
        Access access = accessTokens.get(token);
        String userId = access != null ? access.userId() : refreshTokens.get(token);
        if (userId != null) {
            withdrawConsent(userId);
        }
    }

    /** The user withdraws consent at the vendor: every token of the user stops working. */
    public void withdrawConsent(String userId) {
        withdrawn.put(userId, Boolean.TRUE);
        accessTokens.values().removeIf(a -> a.userId().equals(userId));
        refreshTokens.values().removeIf(userId::equals);
    }

    public boolean consentWithdrawn(String userId) {
        return withdrawn.containsKey(userId);
    }

    /** Refresh-token grants that succeeded for the user. */
    public int refreshCount(String userId) {
        AtomicInteger count = refreshes.get(userId);
        return count == null ? 0 : count.get();
    }

    /** Users for whom a refresh token was presented after it had been used (each reuse once). */
    public List<String> refreshTokenReuses() {
        return new ArrayList<>(reuses);
    }

    /** Makes the user's live access tokens expire now (the vendor's clock ran out). */
    public void expireAccessTokens(String userId) {
        accessTokens.replaceAll(
                (token, access) -> access.userId().equals(userId) ? new Access(userId, clock.instant()) : access);
    }

    private Grant issue(String userId) {
        String access = token("at");
        String refresh = token("rt");
        accessTokens.put(access, new Access(userId, clock.instant().plus(accessTokenTtl)));
        refreshTokens.put(refresh, userId);
        return new Grant(userId, access, refresh, accessTokenTtl.toSeconds(), scope);
    }

    private void checkClient(String presentedClientId, String presentedSecret) throws OAuthError {
        if (!clientId.equals(presentedClientId) || !clientSecret.equals(presentedSecret)) {
            throw new OAuthError(401, "invalid_client", "client authentication failed");
        }
    }

    /** {@code BASE64URL(SHA256(verifier))} without padding (RFC 7636 §4.2). */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static URI withParameters(String base, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(parameters).entrySet()) {
            uri.append(separator)
                    .append(p.getKey())
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(uri.toString());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
