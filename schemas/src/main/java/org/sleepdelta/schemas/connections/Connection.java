package org.sleepdelta.schemas.connections;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one connection, the value of {@code connections} (sealed, {@link ConnectionRecords}). Written only by
 * the owner of its partition, in the transaction that writes what it pulled.
 *
 * @param vendorUserId        the vendor's id of the user (webhooks name users by it); null until the vendor said
 * @param tokens              null once REVOKED
 * @param timezone            IANA zone of the user as the vendor reports it, for vendors whose times carry no offset;
 *                            null when unknown
 * @param backfillFrom        the earliest night pulled (the retention when connected)
 * @param syncedThrough       every night up to this one has been pulled at least once; null before the first pull ends
 * @param pull                the pull in progress, or null
 * @param nextPullAt          when the schedule pulls next; null when nothing is scheduled (REVOKED, REAUTH_REQUIRED)
 * @param lastSuccessAt       the last pull that ended without error
 * @param lastWebhookAt       the last notification from the vendor about this user
 * @param lastError           the last failure, kept until a later success
 * @param consecutiveFailures failed attempts since the last success, for backoff
 * @param vendorState         vendor-specific facts (a webhook subscription's id and expiry), never a secret
 * @param revision            1 for the first state, then one more per write
 */
public record Connection(
        ConnectionKey key,
        ConnectionStatus status,
        String vendorUserId,
        OAuthTokens tokens,
        String timezone,
        Instant connectedAt,
        Instant updatedAt,
        LocalDate backfillFrom,
        LocalDate syncedThrough,
        PullWindow pull,
        Instant nextPullAt,
        Instant lastSuccessAt,
        Instant lastWebhookAt,
        ConnectionError lastError,
        int consecutiveFailures,
        Map<String, String> vendorState,
        long revision) {
    public Connection {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(backfillFrom, "backfillFrom");
        vendorState = vendorState == null ? Map.of() : Map.copyOf(vendorState);
        if (consecutiveFailures < 0 || revision < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be >= 0 and revision >= 1");
        }
    }

    /** A new connection, BACKFILLING from {@code backfillFrom}, due for its first pull at {@code now}. */
    public static Connection connected(
            ConnectionKey key,
            String vendorUserId,
            OAuthTokens tokens,
            String timezone,
            LocalDate backfillFrom,
            Instant now) {
        return new Connection(
                key,
                ConnectionStatus.BACKFILLING,
                vendorUserId,
                Objects.requireNonNull(tokens, "tokens"),
                timezone,
                now,
                now,
                backfillFrom,
                null,
                null,
                now,
                null,
                null,
                null,
                0,
                Map.of(),
                1);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String toString() {
        return "Connection[" + key + ", " + status + ", revision " + revision + "]";
    }

    /** A changed copy; {@link #build} stamps {@code updatedAt} and the next revision. */
    public static final class Builder {
        private final Connection from;
        private ConnectionStatus status;
        private String vendorUserId;
        private OAuthTokens tokens;
        private String timezone;
        private LocalDate syncedThrough;
        private PullWindow pull;
        private Instant nextPullAt;
        private Instant lastSuccessAt;
        private Instant lastWebhookAt;
        private ConnectionError lastError;
        private int consecutiveFailures;
        private Map<String, String> vendorState;

        private Builder(Connection c) {
            from = c;
            status = c.status;
            vendorUserId = c.vendorUserId;
            tokens = c.tokens;
            timezone = c.timezone;
            syncedThrough = c.syncedThrough;
            pull = c.pull;
            nextPullAt = c.nextPullAt;
            lastSuccessAt = c.lastSuccessAt;
            lastWebhookAt = c.lastWebhookAt;
            lastError = c.lastError;
            consecutiveFailures = c.consecutiveFailures;
            vendorState = c.vendorState;
        }

        public Builder status(ConnectionStatus value) {
            status = value;
            return this;
        }

        public Builder vendorUserId(String value) {
            vendorUserId = value;
            return this;
        }

        public Builder tokens(OAuthTokens value) {
            tokens = value;
            return this;
        }

        public Builder timezone(String value) {
            timezone = value;
            return this;
        }

        public Builder syncedThrough(LocalDate value) {
            syncedThrough = value;
            return this;
        }

        public Builder pull(PullWindow value) {
            pull = value;
            return this;
        }

        public Builder nextPullAt(Instant value) {
            nextPullAt = value;
            return this;
        }

        public Builder lastSuccessAt(Instant value) {
            lastSuccessAt = value;
            return this;
        }

        public Builder lastWebhookAt(Instant value) {
            lastWebhookAt = value;
            return this;
        }

        public Builder lastError(ConnectionError value) {
            lastError = value;
            return this;
        }

        public Builder consecutiveFailures(int value) {
            consecutiveFailures = value;
            return this;
        }

        public Builder vendorState(Map<String, String> value) {
            vendorState = value;
            return this;
        }

        public Connection build(Instant now) {
            return new Connection(
                    from.key,
                    status,
                    vendorUserId,
                    tokens,
                    timezone,
                    from.connectedAt,
                    now,
                    from.backfillFrom,
                    syncedThrough,
                    pull,
                    nextPullAt,
                    lastSuccessAt,
                    lastWebhookAt,
                    lastError,
                    consecutiveFailures,
                    vendorState,
                    from.revision + 1);
        }
    }
}
