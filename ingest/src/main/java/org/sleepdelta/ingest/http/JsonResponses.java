package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.sleepdelta.schemas.json.CanonicalJson;

/** Writes JSON bodies with the schemas module's mapper (one JSON stack for records and responses). */
final class JsonResponses {
    private JsonResponses() {}

    static void write(Context ctx, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = CanonicalJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        ctx.status(status).contentType("application/json").result(bytes);
    }

    static void error(Context ctx, ApiError error) {
        if (error.retryAfterHeader() != null) {
            ctx.header("Retry-After", error.retryAfterHeader());
        }
        if (error.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        write(ctx, error.status(), error.toJson());
    }
}
