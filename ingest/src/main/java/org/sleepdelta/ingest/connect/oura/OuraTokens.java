package org.sleepdelta.ingest.connect.oura;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;
import org.sleepdelta.schemas.connections.OAuthTokens;

/** Oura's token response ({@code access_token}, {@code expires_in}, {@code refresh_token}, {@code token_type}). */
final class OuraTokens {
    private OuraTokens() {}

    static OAuthTokens read(JsonNode body, String call, String previousScope, Clock clock) throws VendorException {
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "oura " + call + ": no access_token");
        }
        String refresh = body.path("refresh_token").asText(null);
        Instant expires = body.path("expires_in").canConvertToLong()
                ? clock.instant().plusSeconds(body.path("expires_in").asLong())
                : null;
        String scope = body.path("scope").isTextual() ? body.path("scope").asText() : previousScope;
        return new OAuthTokens(access, refresh, expires, scope);
    }
}
