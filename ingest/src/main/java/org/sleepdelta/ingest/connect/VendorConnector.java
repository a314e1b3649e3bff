package org.sleepdelta.ingest.connect;

import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * One vendor's API as a connection uses it: the OAuth 2.0 authorization-code flow with PKCE, token refresh, paged
 * sleep data, revocation and the vendor's webhook subscriptions. Implementations talk HTTP to the URLs of their {@link
 * VendorApp} and hold no state of their own (the owner keeps the connection's state), so one instance serves every
 * connection of the vendor from any thread. They never log tokens or payloads.
 *
 * <p>Rate limiting, retries and backoff are the caller's: a connector makes exactly the calls it is asked to and
 * reports each failure as a classified {@link VendorException}.
 */
public interface VendorConnector {
    /** The connection vendor's path name ({@code oura}, {@code withings}, {@code garmin}, {@code fitbit}). */
    String vendor();

    /**
     * The URL the client's browser opens to consent.
     *
     * @param state         our signed, expiring state, returned unchanged to the callback
     * @param codeChallenge the PKCE S256 challenge of the verifier the callback will send
     * @param redirectUri   our callback, exactly as registered with the vendor
     */
    URI authorizationUrl(String state, String codeChallenge, URI redirectUri);

    /** Exchanges the callback's code (with the PKCE verifier) for tokens, and finds the vendor's id of the user. */
    VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) throws VendorException;

    /**
     * New tokens for old. Vendors rotate refresh tokens: the returned refresh token replaces the old one, which then
     * fails with {@link VendorException.Kind#INVALID_GRANT}. The caller must make the result durable before using it.
     */
    OAuthTokens refresh(OAuthTokens tokens) throws VendorException;

    /**
     * One page of the user's sleep data for the nights {@code from..to} (inclusive; the connector widens the query as
     * its vendor's date semantics need, e.g. Fitbit's end date).
     *
     * @param pageCursor null for the first page, else the previous page's {@link SleepPage#nextPageCursor}
     */
    SleepPage fetchSleep(OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String pageCursor)
            throws VendorException;

    /**
     * Withdraws our access at the vendor where its API allows (else does nothing and says so in the docs). Best
     * effort: the caller drops the tokens whatever happens.
     */
    void revoke(OAuthTokens tokens, String vendorUserId) throws VendorException;

    /**
     * Makes sure the vendor will notify {@code callbackUrl} about this user's sleep data, for vendors that subscribe
     * per user (Withings, Fitbit); returns what to remember about the subscription ({@code Connection.vendorState}),
     * or the given state unchanged when nothing is needed (Oura and Garmin subscribe per app).
     */
    default Map<String, String> ensureUserSubscription(
            OAuthTokens tokens, String vendorUserId, URI callbackUrl, Map<String, String> vendorState)
            throws VendorException {
        return vendorState;
    }

    /**
     * Makes sure the app-level subscriptions exist and are not about to expire (Oura's expire and must be renewed);
     * called periodically by one instance. Does nothing for vendors without them.
     */
    default void ensureAppSubscriptions(URI callbackUrl) throws VendorException {}

    /** How this vendor's webhooks are checked and read; {@link VendorWebhook#NONE} when it has none. */
    VendorWebhook webhook();
}
