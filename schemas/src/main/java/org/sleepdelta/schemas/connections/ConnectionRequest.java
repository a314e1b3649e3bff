package org.sleepdelta.schemas.connections;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * What others ask of a connection's owner, the value of {@code connection-requests} (sealed, {@link
 * ConnectionRecords}). Only the owner writes {@code connections}; everyone else (the OAuth callback, the DELETE route,
 * webhooks, erasure) writes here, and the owner applies requests in order, exactly once, in its transactions.
 *
 * @param requestId    unique, for tracing a request through logs and tests
 * @param vendorUserId CONNECT: the vendor's id of the user; NOTIFY/DEREGISTERED: as the webhook named it; else null
 * @param tokens       CONNECT only: the tokens the code exchange returned
 * @param timezone     CONNECT only, optional: the user's zone as the vendor reports it
 * @param backfillFrom CONNECT only: the earliest night to pull
 * @param from         NOTIFY only, optional: the first night the notification concerns (null: the usual lookback)
 * @param to           NOTIFY only, optional: the last night it concerns
 * @param pull         NOTIFY only: whether to pull now (false when the webhook carried the data itself, e.g. a Garmin
 *                     push already written by ingest)
 * @param origin       who asked: {@code api}, {@code callback}, {@code webhook}, {@code erasure}, {@code cli}
 */
public record ConnectionRequest(
        String requestId,
        Type type,
        ConnectionKey key,
        Instant requestedAt,
        String vendorUserId,
        OAuthTokens tokens,
        String timezone,
        LocalDate backfillFrom,
        LocalDate from,
        LocalDate to,
        boolean pull,
        String origin) {

    public enum Type {
        /** The OAuth callback exchanged a code: (re)start the connection with these tokens. */
        CONNECT,
        /** The clinic disconnected: revoke at the vendor where it allows, drop the tokens, stop pulling. */
        REVOKE,
        /** The vendor said it has new or changed data for the user (a webhook). */
        NOTIFY,
        /** The vendor said the user withdrew consent (Garmin's deregistration, Withings' and Oura's revocations). */
        DEREGISTERED,
        /** The client is being erased: as REVOKE, and the connection is deleted (a tombstone). */
        ERASE
    }

    public ConnectionRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(origin, "origin");
        if (type == Type.CONNECT && (tokens == null || backfillFrom == null)) {
            throw new IllegalArgumentException("a CONNECT request needs tokens and backfillFrom");
        }
    }

    public static ConnectionRequest connect(
            ConnectionKey key,
            String vendorUserId,
            OAuthTokens tokens,
            String timezone,
            LocalDate backfillFrom,
            Instant now) {
        return new ConnectionRequest(
                newId(),
                Type.CONNECT,
                key,
                now,
                vendorUserId,
                tokens,
                timezone,
                backfillFrom,
                null,
                null,
                true,
                "callback");
    }

    public static ConnectionRequest revoke(ConnectionKey key, Instant now, String origin) {
        return new ConnectionRequest(newId(), Type.REVOKE, key, now, null, null, null, null, null, null, false, origin);
    }

    public static ConnectionRequest erase(ConnectionKey key, Instant now) {
        return new ConnectionRequest(
                newId(), Type.ERASE, key, now, null, null, null, null, null, null, false, "erasure");
    }

    public static ConnectionRequest notify(
            ConnectionKey key, String vendorUserId, LocalDate from, LocalDate to, boolean pull, Instant now) {
        return new ConnectionRequest(
                newId(), Type.NOTIFY, key, now, vendorUserId, null, null, null, from, to, pull, "webhook");
    }

    public static ConnectionRequest deregistered(ConnectionKey key, String vendorUserId, Instant now) {
        return new ConnectionRequest(
                newId(), Type.DEREGISTERED, key, now, vendorUserId, null, null, null, null, null, false, "webhook");
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public String toString() {
        return "ConnectionRequest[" + type + " " + key + " from " + origin + ", " + requestId + "]";
    }
}
