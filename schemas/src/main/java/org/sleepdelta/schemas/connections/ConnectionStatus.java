package org.sleepdelta.schemas.connections;

/** Where a connection stands, as {@code GET /v1/clients/{clientId}/connections} shows it (docs/connections.md). */
public enum ConnectionStatus {
    /** Authorized; the history since the backfill start is being pulled. Nights already pulled are in the pipeline. */
    BACKFILLING,
    /** Authorized and up to date: new nights arrive by webhook or by the polling schedule. */
    ACTIVE,
    /**
     * The vendor refuses our tokens (the client withdrew consent at the vendor, or the refresh token expired or was
     * rotated away): nothing is pulled until the client follows a new connection link.
     */
    REAUTH_REQUIRED,
    /** Disconnected (by the clinic, by the client at the vendor, or by an erasure): nothing is pulled, tokens are gone. */
    REVOKED
}
