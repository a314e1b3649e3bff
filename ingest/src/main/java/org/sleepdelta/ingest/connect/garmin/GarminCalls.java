package org.sleepdelta.ingest.connect.garmin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.sleepdelta.ingest.connect.RetryAfter;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;

/**
 * Sends one call to Garmin with a time-out and turns every failure into a classified {@link VendorException} whose
 * message names the call and the status, never a token, a user id or the body.
 */
final class GarminCalls {
    /** Garmin's own push times out after 30 s; ours are shorter so one slow call cannot stall an owner. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http;
    private final Clock clock;

    GarminCalls(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
    }

    /** The response of a call that succeeded (2xx); any other answer or no answer throws. */
    HttpResponse<byte[]> send(HttpRequest request, String call) throws VendorException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new VendorException(Kind.NETWORK, 0, "garmin " + call + ": timed out");
        } catch (IOException e) {
            throw new VendorException(
                    Kind.NETWORK, 0, "garmin " + call + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorException(Kind.NETWORK, 0, "garmin " + call + ": interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw failure(response, call);
    }

    private VendorException failure(HttpResponse<byte[]> response, String call) {
        int status = response.statusCode();
        String what = "garmin " + call + ": HTTP " + status;
        if (status == 429) {
            return new VendorException(
                    Kind.RATE_LIMITED,
                    status,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)),
                    what);
        }
        if (status >= 500) {
            return new VendorException(Kind.SERVER, status, what);
        }
        if (status == 401) {
            return new VendorException(Kind.UNAUTHORIZED, status, what);
        }
        if (status == 403) {
            return new VendorException(Kind.FORBIDDEN, status, what);
        }
        return new VendorException(Kind.BAD_RESPONSE, status, what);
    }

    Duration retryAfter(String value) {
        return RetryAfter.parse(value, clock);
    }
}
