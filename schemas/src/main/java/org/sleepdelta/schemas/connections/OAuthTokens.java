package org.sleepdelta.schemas.connections;

import java.time.Instant;
import java.util.Objects;

/**
 * A connection's OAuth 2.0 tokens. Stored only sealed under a master key ({@link ConnectionRecords}); {@link
 * #toString} never shows them.
 *
 * @param accessExpiresAt when the access token stops working, as the vendor said ({@code expires_in}); null if it
 *                        did not say
 * @param refreshToken    null when the vendor issues none
 * @param scope           the scopes granted, space-separated as OAuth writes them; null if not said
 */
public record OAuthTokens(String accessToken, String refreshToken, Instant accessExpiresAt, String scope) {
    public OAuthTokens {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /** Whether the access token has expired, or will within {@code marginSeconds} of {@code now}. */
    public boolean expiresWithin(Instant now, long marginSeconds) {
        return accessExpiresAt != null && !now.plusSeconds(marginSeconds).isBefore(accessExpiresAt);
    }

    @Override
    public String toString() {
        return "OAuthTokens[<secret>, expires " + accessExpiresAt + "]";
    }
}
