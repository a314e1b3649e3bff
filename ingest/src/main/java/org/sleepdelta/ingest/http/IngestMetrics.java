package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service's own meters. Tags have small fixed sets of values: the route's template (never the path as
 * sent, which may name a client), the status code, the record kind and the error code. Nothing names a clinic, a
 * client or an API key.
 *
 * <table>
 * <tr><th>meter</th><th>tags</th><th>measures</th></tr>
 * <tr><td>{@value #REQUESTS}</td><td>{@code endpoint, status}</td><td>every HTTP request's duration, with a
 *     percentile histogram</td></tr>
 * <tr><td>{@value #ACCEPTED}</td><td>{@code kind=sleep|session}</td><td>records committed to Kafka (202)</td></tr>
 * <tr><td>{@value #REJECTED}</td><td>{@code kind, reason=<error code>|too_late}</td><td>records not accepted: those
 *     of refused batches, by error code, once the batch was read into records (see {@link #refused}); and those of
 *     accepted batches that were older than the retention and went to the rejection topic ({@value
 *     #OUTSIDE_RETENTION})</td></tr>
 * <tr><td>{@value #SLOTS_IN_USE}</td><td></td><td>request slots taken now (a gauge, of {@code
 *     max-concurrent-batches})</td></tr>
 * <tr><td>{@value #AUTH_FAILURES}</td><td>{@code reason=malformed|unknown|expired|scope|rate_limited}</td><td>failed
 *     authentications ({@link Authentication})</td></tr>
 * </table>
 *
 * Dry runs ({@code ?dryRun=true}) write nothing and are counted by neither record counter.
 */
final class IngestMetrics {
    static final String REQUESTS = "sleepdelta.ingest.requests";
    static final String ACCEPTED = "sleepdelta.ingest.records.accepted";
    static final String REJECTED = "sleepdelta.ingest.records.rejected";
    static final String AUTH_FAILURES = "sleepdelta.ingest.auth.failures";
    static final String SLOTS_IN_USE = "sleepdelta.ingest.slots.in.use";

    /** Why an authentication failed: the {@value #AUTH_FAILURES} reason tag. */
    enum AuthFailure {
        /** No key, or not shaped like one of ours. */
        MALFORMED,
        UNKNOWN,
        EXPIRED,
        /** A valid key without the endpoint's scope (403). */
        SCOPE,
        /** The address is blocked after too many failures (429). */
        RATE_LIMITED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
    /** Request attribute: the {@link RecordKind} of a batch endpoint, set by its handler. */
    static final String RECORD_KIND = "sleepdelta.kind";
    /** The {@value #REJECTED} reason of records outside the retention: written, but to the rejection topic. */
    static final String OUTSIDE_RETENTION = "too_late";

    private static final String REJECTED_DESCRIPTION =
            "Records not accepted: of refused batches, by error code, or" + " outside the retention (too_late)";
    /** The endpoint tag of a request that matched no route. */
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final Counter acceptedSleep;
    private final Counter acceptedSessions;
    private final Counter tooLateSleep;
    private final Counter tooLateSessions;
    private final Map<AuthFailure, Counter> authFailures = new EnumMap<>(AuthFailure.class);

    /**
     * The reasons a read batch can be refused for. Registered at zero from the start: a series that appears only
     * with the first refusal leaves the rejection panel and alert with no data on a healthy service.
     */
    static final List<String> BATCH_REFUSALS =
            List.of("invalid_records", "forbidden_clinic", "kafka_unavailable", "internal_error");

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        acceptedSleep = accepted(registry, RecordKind.SLEEP);
        acceptedSessions = accepted(registry, RecordKind.SESSION);
        for (RecordKind kind : List.of(RecordKind.SLEEP, RecordKind.SESSION)) {
            BATCH_REFUSALS.forEach(reason -> rejected(kind, reason));
        }
        tooLateSleep = rejected(RecordKind.SLEEP, OUTSIDE_RETENTION);
        tooLateSessions = rejected(RecordKind.SESSION, OUTSIDE_RETENTION);
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures.put(
                    reason,
                    Counter.builder(AUTH_FAILURES)
                            .tag("reason", reason.tag())
                            .description("Failed authentications, by reason")
                            .register(registry));
        }
    }

    void authFailed(AuthFailure reason) {
        authFailures.get(reason).increment();
    }

    private Counter rejected(RecordKind kind, String reason) {
        return Counter.builder(REJECTED)
                .tag("kind", tag(kind))
                .tag("reason", reason)
                .description(REJECTED_DESCRIPTION)
                .register(registry);
    }

    private static Counter accepted(MeterRegistry registry, RecordKind kind) {
        return Counter.builder(ACCEPTED)
                .tag("kind", tag(kind))
                .description("Records committed to Kafka")
                .register(registry);
    }

    static String tag(RecordKind kind) {
        return kind.metricTag();
    }

    /** After a batch's transaction committed. */
    void accepted(RecordKind kind, int records) {
        (kind == RecordKind.SLEEP ? acceptedSleep : acceptedSessions).increment(records);
    }

    /** After a batch's transaction committed: its records that went to the rejection topic as too old. */
    void outsideRetention(RecordKind kind, int records) {
        if (records > 0) {
            (kind == RecordKind.SLEEP ? tooLateSleep : tooLateSessions).increment(records);
        }
    }

    /**
     * A request ended with this error. It counts as rejected records when it was a batch (its handler set
     * {@link #RECORD_KIND}), not a dry run, and was read far enough to know its records ({@link
     * BatchPipeline#RECORD_COUNT}): refusals before that (a missing key, a body that is not JSON, a full service) show
     * only in {@value #REQUESTS} by status.
     */
    void refused(Context ctx, ApiError error) {
        RecordKind kind = ctx.attribute(RECORD_KIND);
        Object records = ctx.attribute(BatchPipeline.RECORD_COUNT);
        if (kind == null
                || !(records instanceof Number count)
                || count.longValue() == 0
                || "true".equals(ctx.queryParam("dryRun"))) {
            return;
        }
        rejected(kind, error.error()).increment(count.doubleValue());
    }

    /** Every request, when it ended (Javalin's request logger). */
    void requestEnded(Context ctx, float durationMs) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        Timer.builder(REQUESTS)
                .tag("endpoint", endpoint == null ? UNMATCHED : endpoint.path)
                .tag("status", Integer.toString(ctx.statusCode()))
                .description("HTTP requests, by route template and status")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)
                .record((long) (durationMs * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** Registers the gauge of slots taken, so that slots held by slow uploads or stuck batches show. */
    void slotsInUse(RequestSlots slots) {
        Gauge.builder(SLOTS_IN_USE, slots, RequestSlots::inUse)
                .description("Request slots taken now, of max-concurrent-batches")
                .register(registry);
    }
}
