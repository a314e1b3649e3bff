package org.sleepdelta.ingest.connect.web;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/connections/callback?code=...&state=...}, where the vendor sends the client's browser back after
 * consent. No API key: the {@link OAuthState} is the proof, binding clinic, client, vendor and PKCE verifier. The code
 * is exchanged for tokens, which go sealed to the connection's owner as a CONNECT request; the owner starts the
 * backfill. The browser gets a small page (no script, no ids, no tokens, not cached, no referrer).
 */
public final class OAuthCallback {
    private static final Logger log = LoggerFactory.getLogger(OAuthCallback.class);

    private final ConnectionSettings settings;
    private final Connectors connectors;
    private final OAuthState states;
    private final ConnectionRequestWriter requests;
    private final int retentionDays;
    private final Clock clock;

    /** @param retentionDays the backfill goes back as far as the pipeline keeps nights, no further */
    public OAuthCallback(
            ConnectionSettings settings,
            Connectors connectors,
            OAuthState states,
            ConnectionRequestWriter requests,
            int retentionDays,
            Clock clock) {
        this.settings = settings;
        this.connectors = connectors;
        this.states = states;
        this.requests = requests;
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    public void handle(Context ctx) {
        if (!connectors.enabled()) {
            page(ctx, 404, "Not available", "This service does not connect wearables.");
            return;
        }
        OAuthState.Contents state;
        try {
            state = states.open(ctx.queryParam("state"));
        } catch (OAuthState.Invalid e) {
            log.info("OAuth callback refused: {}", e.getMessage());
            invalidLink(ctx);
            return;
        }
        VendorConnector connector = connectors.find(state.vendor()).orElse(null);
        if (connector == null) {
            log.info("OAuth callback refused: {} is no longer configured", state.vendor());
            invalidLink(ctx);
            return;
        }
        String vendor = Connectors.displayName(state.vendor());
        String error = ctx.queryParam("error");
        if (error != null) {
            // The vendor's error code is a fixed word (RFC 6749 4.1.2.1); still, only whether it was a refusal is kept.
            boolean denied = error.equals("access_denied");
            log.info(
                    "OAuth callback of {}: the vendor answered {}",
                    state.vendor(),
                    denied ? "access_denied" : "an error");
            page(
                    ctx,
                    denied ? 200 : 400,
                    "Nothing was connected",
                    denied
                            ? "You did not allow access at " + vendor + ", so nothing was connected."
                                    + " You can close this window."
                            : vendor + " did not grant access, so nothing was connected."
                                    + " Ask your clinic for a new link to try again.");
            return;
        }
        String code = ctx.queryParam("code");
        if (code == null || code.isBlank() || code.length() > 4096) {
            invalidLink(ctx);
            return;
        }
        VendorAccount account;
        try {
            account = connector.exchangeCode(code, state.verifier(), settings.callbackUrl());
        } catch (VendorException e) {
            // Kind and status only: never the code, a token or the vendor's body.
            log.warn(
                    "exchanging an authorization code with {} failed: {} (HTTP {})",
                    state.vendor(),
                    e.kind().label(),
                    e.status());
            page(
                    ctx,
                    502,
                    "Not connected",
                    "Connecting to " + vendor + " failed on " + vendor
                            + "'s side. Please open the link from your clinic again in a few minutes.");
            return;
        }
        ConnectionKey key = new ConnectionKey(state.clinicId(), state.clientId(), state.vendor());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try {
            requests.write(ConnectionRequest.connect(
                    key,
                    account.vendorUserId(),
                    account.tokens(),
                    state.timezone() != null ? state.timezone() : account.timezone(),
                    today.minusDays(retentionDays - 1L),
                    clock.instant()));
        } catch (KafkaUnavailable e) {
            log.warn(
                    "recording a new {} connection failed: {}",
                    state.vendor(),
                    e.getCause() == null ? e : e.getCause().toString());
            page(
                    ctx,
                    503,
                    "Not connected",
                    "The connection could not be saved just now."
                            + " Please open the link from your clinic again in a few minutes.");
            return;
        }
        log.info("a {} connection was authorized; its owner starts the backfill", state.vendor());
        page(ctx, 200, "Connected", "Connected to " + vendor + ". You can close this window.");
    }

    private static void invalidLink(Context ctx) {
        page(
                ctx,
                400,
                "Link not valid",
                "This connection link is invalid or has expired." + " Please ask your clinic for a new one.");
    }

    /** A page of fixed text: nothing from the request is echoed, so nothing needs escaping. */
    static void page(Context ctx, int status, String title, String message) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(status)
                .contentType("text/html; charset=utf-8")
                .result("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                        + "</title></head>\n<body><h1>" + title + "</h1><p>" + message + "</p></body></html>\n");
    }
}
