package org.sleepdelta.ingest.http;

import java.time.Duration;
import java.util.List;
import org.sleepdelta.ingest.auth.Scope;

/** The API's errors, by name, so that each is worded once. */
final class Errors {
    static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private Errors() {}

    static ApiError unauthorized() {
        return ApiError.of(401, "unauthorized", "send a valid API key as 'Authorization: Bearer <key>'");
    }

    static ApiError expiredKey() {
        return ApiError.of(401, "unauthorized", "this API key has expired; ask for a new one");
    }

    static ApiError forbiddenScope(Scope needed) {
        return ApiError.of(
                403, "forbidden_scope", "this API key lacks the '" + needed.text() + "' scope this endpoint needs");
    }

    static ApiError tooManyAuthFailures(Duration retryAfter) {
        return ApiError.of(
                        429,
                        "too_many_auth_failures",
                        "too many failed authentications from this address; retry after Retry-After")
                .retryAfter(retryAfter);
    }

    static ApiError forbiddenClinic(List<RecordProblem> problems) {
        return ApiError.of(
                        403,
                        "forbidden_clinic",
                        problems.size() + " record(s) name another clinic than the one"
                                + " this API key writes for; nothing was accepted")
                .withProblems(problems);
    }

    /** At most this many problems are listed, so that the error body stays small whatever the batch. */
    static final int MAX_LISTED_PROBLEMS = 1000;

    static ApiError invalidRecords(int invalid, int total, List<RecordProblem> problems) {
        return problems(
                400,
                "invalid_records",
                invalid + " of " + total + " record(s) are invalid; nothing was" + " accepted",
                problems,
                problems.size());
    }

    /** For vendor payloads, whose problems are counted as the adapter reports them. */
    static ApiError invalidPayloadItems(long problemCount, List<RecordProblem> problems) {
        return problems(
                400,
                "invalid_records",
                problemCount + " item(s) of the payload could not be read as sleep" + " records; nothing was accepted",
                problems,
                problemCount);
    }

    private static ApiError problems(
            int status, String code, String message, List<RecordProblem> problems, long problemCount) {
        List<RecordProblem> listed =
                problems.size() > MAX_LISTED_PROBLEMS ? problems.subList(0, MAX_LISTED_PROBLEMS) : problems;
        String more = problemCount > listed.size()
                ? " (the first " + listed.size() + " of " + problemCount + " problems are listed)"
                : "";
        return ApiError.of(status, code, message + more).withProblems(listed);
    }

    static ApiError invalidBody(String message) {
        return ApiError.of(400, "invalid_body", message);
    }

    static ApiError invalidRequest(String message) {
        return ApiError.of(400, "invalid_request", message);
    }

    static ApiError bodyTooLarge(long maxBytes) {
        return ApiError.of(
                413,
                "body_too_large",
                "the request body is larger than " + maxBytes + " bytes (as sent or after decompression)");
    }

    /** An archive in a vendor payload expands beyond {@code max-export-uncompressed-bytes} or -entries. */
    static ApiError exportTooLarge(String message) {
        return ApiError.of(413, "export_too_large", message);
    }

    /** The body arrived too slowly or not within the deadline ({@link UploadPace}); the message says which. */
    static ApiError requestTimeout(String message) {
        return ApiError.of(408, "request_timeout", message);
    }

    static ApiError tooManyRecords(int maxRecords) {
        return ApiError.of(413, "too_many_records", "a batch may hold at most " + maxRecords + " records");
    }

    static ApiError unsupportedMediaType(String message) {
        return ApiError.of(415, "unsupported_media_type", message);
    }

    static ApiError busy() {
        return ApiError.of(429, "busy", "every batch slot is in use; retry later")
                .retryAfter(BUSY_RETRY_AFTER);
    }

    /** The caller's clinic has its quota of batches in work; other clinics still get slots. */
    static ApiError clinicBusy(int perClinic) {
        return ApiError.of(
                        429,
                        "clinic_busy",
                        "this clinic already has " + perClinic
                                + " batch(es) in work (max-batches-per-clinic); retry when one has ended")
                .retryAfter(BUSY_RETRY_AFTER);
    }

    static ApiError notFound(String message) {
        return ApiError.of(404, "not_found", message);
    }

    static ApiError internal() {
        return ApiError.of(500, "internal_error", "the request failed on our side");
    }
}
