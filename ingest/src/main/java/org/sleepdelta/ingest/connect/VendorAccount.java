package org.sleepdelta.ingest.connect;

import java.util.Objects;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * What an authorization-code exchange gives: the tokens, and the vendor's id of the user (from the token response or
 * one profile call), which webhooks name the user by.
 *
 * @param timezone the user's IANA zone as the vendor reports it, null when it does not (only vendors whose times carry
 *                 no offset need it)
 */
public record VendorAccount(String vendorUserId, OAuthTokens tokens, String timezone) {
    public VendorAccount {
        Objects.requireNonNull(vendorUserId, "vendorUserId");
        Objects.requireNonNull(tokens, "tokens");
    }
}
