package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Jetty's own answers (a malformed request line, headers over the limit, a URI it cannot decode: all refused before any
 * route runs) in our {@link ApiError} JSON shape instead of Jetty's HTML page. The message is ours, by status: Jetty's
 * reason may quote the request, and the request is the client's data.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Every method gets a body, not only GET, POST and HEAD as in Jetty's handler. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    static ApiError error(int status) {
        return switch (status) {
            case 400 ->
                ApiError.of(
                        400,
                        "bad_request",
                        "the request is not valid HTTP/1.1: a malformed request line, header, URI or percent-encoding");
            case 408 -> ApiError.of(408, "request_timeout", "the request did not arrive in time");
            case 413 -> ApiError.of(413, "body_too_large", "the request is larger than this server takes");
            case 414 -> ApiError.of(414, "uri_too_long", "the request's URI is longer than this server takes");
            case 431 ->
                ApiError.of(431, "headers_too_large", "the request's header fields are larger than this server takes");
            case 501 -> ApiError.of(501, "not_implemented", "this server does not implement what the request asks");
            case 505 -> ApiError.of(505, "http_version_not_supported", "send HTTP/1.1 (or HTTP/1.0) to this server");
            default ->
                status >= 500 ? Errors.internal() : ApiError.of(status, "http_" + status, "the request was refused");
        };
    }

    private static byte[] body(int status) {
        try {
            return CanonicalJson.mapper().writeValueAsBytes(error(status).toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
