package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Every error response of the API, in one shape:
 *
 * <pre>{@code
 * {"error": "invalid_records", "message": "2 of 500 records are invalid; nothing was accepted",
 *  "problems": [{"index": 3, "field": "sleepEnd", "reason": "must be after sleepStart"}]}
 * }</pre>
 *
 * {@code error} is a stable code for programs, {@code message} a sentence for people, {@code problems} lists per-record
 * problems ({@link RecordProblem}; empty for errors about the request as a whole). When {@code retryAfter} is set, the
 * response carries {@code Retry-After} in whole seconds.
 *
 * <table>
 * <tr><th>status</th><th>error</th><th>when</th></tr>
 * <tr><td>400</td><td>invalid_request</td><td>a bad query parameter</td></tr>
 * <tr><td>400</td><td>invalid_body</td><td>not well-formed JSON, not gzip, no records, or unreadable</td></tr>
 * <tr><td>400</td><td>invalid_records</td><td>records break the contract or the ingest rules (nothing accepted)</td></tr>
 * <tr><td>400</td><td>invalid_payload</td><td>a vendor payload that cannot be read at all</td></tr>
 * <tr><td>401</td><td>unauthorized</td><td>no API key, a malformed, unknown or expired one</td></tr>
 * <tr><td>403</td><td>forbidden_clinic</td><td>records of another clinic than the key's</td></tr>
 * <tr><td>403</td><td>forbidden_scope</td><td>the key lacks the scope the endpoint needs</td></tr>
 * <tr><td>404</td><td>not_found</td><td>no such endpoint, or no adapter for that vendor</td></tr>
 * <tr><td>405</td><td>method_not_allowed</td><td>e.g. GET on an ingest endpoint</td></tr>
 * <tr><td>408</td><td>request_timeout</td><td>the body arrived slower than {@code min-upload-bytes-per-second}, paused
 *     longer than {@code min-upload-rate-grace}, or was not read within {@code request-deadline}</td></tr>
 * <tr><td>413</td><td>body_too_large</td><td>body over the limit, as sent or after decompression</td></tr>
 * <tr><td>413</td><td>too_many_records</td><td>more records than {@code max-batch-records}</td></tr>
 * <tr><td>415</td><td>unsupported_media_type</td><td>Content-Type or Content-Encoding we do not read</td></tr>
 * <tr><td>429</td><td>too_many_auth_failures</td><td>too many failed authentications from the caller's address;
 *     retry after Retry-After</td></tr>
 * <tr><td>429</td><td>clinic_busy</td><td>the caller's clinic has {@code max-batches-per-clinic} batches in work; retry
 *     after Retry-After</td></tr>
 * <tr><td>429</td><td>busy</td><td>every batch slot is taken; retry after Retry-After</td></tr>
 * <tr><td>429</td><td>kafka_unavailable</td><td>Kafka did not take the batch in time; retry after Retry-After</td></tr>
 * <tr><td>400</td><td>bad_request</td><td>Jetty refused the request before any route: a malformed request line, header,
 *     URI or percent-encoding ({@link JsonErrorHandler}, as are the four below)</td></tr>
 * <tr><td>414</td><td>uri_too_long</td><td>a URI longer than Jetty takes</td></tr>
 * <tr><td>431</td><td>headers_too_large</td><td>header fields larger than Jetty takes (8 KB)</td></tr>
 * <tr><td>501</td><td>not_implemented</td><td>e.g. a Transfer-Encoding Jetty does not implement</td></tr>
 * <tr><td>505</td><td>http_version_not_supported</td><td>not HTTP/1.0 or HTTP/1.1</td></tr>
 * <tr><td>500</td><td>internal_error</td><td>our fault; details only in our log</td></tr>
 * <tr><td>503</td><td>not_ready</td><td>{@code /health/ready} while Kafka is unreachable</td></tr>
 * <tr><td>503</td><td>kafka_unavailable</td><td>our producer was replaced (fenced); retry after Retry-After</td></tr>
 * </table>
 */
public record ApiError(int status, String error, String message, List<RecordProblem> problems, Duration retryAfter) {
    public ApiError {
        problems = List.copyOf(problems);
    }

    public static ApiError of(int status, String error, String message) {
        return new ApiError(status, error, message, List.of(), null);
    }

    public ApiError retryAfter(Duration delay) {
        return new ApiError(status, error, message, problems, delay);
    }

    public ApiError withProblems(List<RecordProblem> problems) {
        return new ApiError(status, error, message, problems, retryAfter);
    }

    /** Whole seconds, at least 1, for the {@code Retry-After} header; null when there is none. */
    public String retryAfterHeader() {
        return retryAfter == null ? null : Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    public ObjectNode toJson() {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("error", error);
        o.put("message", message);
        ArrayNode list = o.putArray("problems");
        problems.forEach(p -> list.add(p.toJson()));
        return o;
    }

    public ApiException exception() {
        return new ApiException(this);
    }
}
