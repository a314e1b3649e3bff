package org.sleepdelta.ingest.http;

import org.sleepdelta.ingest.connect.web.ConnectionEndpoints;
import org.sleepdelta.ingest.connect.web.OAuthCallback;
import org.sleepdelta.ingest.connect.web.WebhookEndpoint;

/** The handlers of the vendor connection routes, as {@link IngestServer} registers them. */
record ConnectionRoutes(ConnectionEndpoints clinic, OAuthCallback callback, WebhookEndpoint webhooks) {}
