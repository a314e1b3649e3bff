package org.sleepdelta.dashboard.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sink's meters. Grafana dashboards and alerts query them by these names (in Prometheus: dots become
 * underscores, counters end in {@code _total}, timers in {@code _seconds}). Tags never name a clinic or a client.
 */
public final class SinkMetrics {
    /** Counter, tag {@value #TABLE}: records applied as inserts or updates. */
    public static final String UPSERTS = "sleepdelta.sink.upserts";
    /** Counter, tag {@value #TABLE}: tombstones applied. */
    public static final String DELETES = "sleepdelta.sink.deletes";
    /** Counter: sleep-change records skipped because the table (or the same batch) had the same or a newer revision. */
    public static final String STALE_REVISIONS = "sleepdelta.sink.stale.revisions";
    /** Counter: records that could not be applied and went to {@code sink_rejections}. */
    public static final String UNDECODABLE = "sleepdelta.sink.undecodable";
    /**
     * Counter, tag {@value #REASON} ({@code data_exception}, {@code integrity_constraint}): records whose row PostgreSQL
     * refused for good, stored in {@code sink_rejections} instead (also counted in {@value #UNDECODABLE}).
     */
    public static final String ROWS_REJECTED = "sleepdelta.sink.rows.rejected";
    /** Timer: one committed database transaction (one poll's records). */
    public static final String BATCH = "sleepdelta.sink.batch";
    /** Counter: transactions that failed and were rolled back (their records are read again). */
    public static final String BATCH_FAILURES = "sleepdelta.sink.batch.failures";
    /**
     * Counter: partitions left out of a batch because their offset in {@code sink_offsets} had moved on since this
     * instance read them (another instance wrote them); their records are read again from there.
     */
    public static final String FENCED = "sleepdelta.sink.fenced.partitions";
    /** Gauge: sum of the consumer lag over this instance's partitions, after the last commit; NaN until known. */
    public static final String LAG = "sleepdelta.sink.lag.records";
    /** Gauge: epoch seconds of the last successful offset commit, 0 before the first. */
    public static final String LAST_COMMIT = "sleepdelta.sink.last.commit.timestamp.seconds";
    /** Timer with a percentile histogram: from {@code sleepdelta-ingested-at} to committed in {@code sleep_change}. */
    public static final String END_TO_END_LATENCY = "sleepdelta.end.to.end.latency";

    /** Counter, tag {@value #ACTION} ({@code erase}, {@code reregister}): erasure requests applied. */
    public static final String ERASURES = "sleepdelta.sink.erasures";
    /** Counter, tag {@value #TABLE} (also {@code sink_rejections}): rows deleted by erasures. */
    public static final String ERASED_ROWS = "sleepdelta.sink.erased.rows";
    /** Counter: records of erased clients read after their erasure, and not written. */
    public static final String ERASED_RECORDS_SKIPPED = "sleepdelta.sink.erased.records.skipped";
    /** Counter: erasure requests that could not be read, stored in {@code sink_rejections} (also in undecodable). */
    public static final String ERASURE_REQUESTS_REFUSED = "sleepdelta.sink.erasure.requests.refused";
    /** Counter: audit events sent to {@code erasure-audit} and acknowledged. */
    public static final String AUDIT_PUBLISHED = "sleepdelta.sink.erasure.audit.published";
    /** Gauge: audit events in {@code erasure_outbox} not yet acknowledged, as the publisher last saw them. */
    public static final String AUDIT_PENDING = "sleepdelta.sink.erasure.audit.pending";

    public static final String TABLE = "table";
    public static final String ACTION = "action";
    public static final String REASON = "reason";

    private final Counter sleepChangeUpserts;
    private final Counter nightlySleepUpserts;
    private final Counter sleepChangeDeletes;
    private final Counter nightlySleepDeletes;
    private final Counter staleRevisions;
    private final Counter undecodable;
    private final Counter batchFailures;
    private final Map<RefusalClass, Counter> rowsRejected = new EnumMap<>(RefusalClass.class);
    private final Counter fenced;
    private final Counter erasures;
    private final Counter reregistrations;
    private final Counter erasedSleepChangeRows;
    private final Counter erasedNightlySleepRows;
    private final Counter erasedRejectionRows;
    private final Counter erasedRecordsSkipped;
    private final Counter erasureRequestsRefused;
    private final Counter auditPublished;
    private final Timer batch;
    private final Timer endToEndLatency;

    SinkMetrics(MeterRegistry registry, SinkState state) {
        String upserted = "Records applied as inserts or updates";
        sleepChangeUpserts = counter(registry, UPSERTS, upserted, SleepChangeTable.NAME);
        nightlySleepUpserts = counter(registry, UPSERTS, upserted, NightlySleepTable.NAME);
        sleepChangeDeletes = counter(registry, DELETES, "Tombstones applied", SleepChangeTable.NAME);
        nightlySleepDeletes = counter(registry, DELETES, "Tombstones applied", NightlySleepTable.NAME);
        staleRevisions = Counter.builder(STALE_REVISIONS)
                .description("Sleep-change records skipped: the table already had the same or a newer revision")
                .register(registry);
        undecodable = Counter.builder(UNDECODABLE)
                .description("Records that could not be applied and were stored in sink_rejections")
                .register(registry);
        batchFailures = Counter.builder(BATCH_FAILURES)
                .description("Database transactions rolled back; their records are read again")
                .register(registry);
        for (RefusalClass refusal : RefusalClass.values()) {
            rowsRejected.put(
                    refusal,
                    Counter.builder(ROWS_REJECTED)
                            .description("Records whose row PostgreSQL refused for good, stored in sink_rejections")
                            .tag(REASON, refusal.tag)
                            .register(registry));
        }
        fenced = Counter.builder(FENCED)
                .description("Partitions left out of a batch because another sink instance had moved them on")
                .register(registry);
        String applied = "Erasure requests applied";
        erasures = Counter.builder(ERASURES)
                .description(applied)
                .tag(ACTION, "erase")
                .register(registry);
        reregistrations = Counter.builder(ERASURES)
                .description(applied)
                .tag(ACTION, "reregister")
                .register(registry);
        String erased = "Rows deleted by erasures";
        erasedSleepChangeRows = counter(registry, ERASED_ROWS, erased, SleepChangeTable.NAME);
        erasedNightlySleepRows = counter(registry, ERASED_ROWS, erased, NightlySleepTable.NAME);
        erasedRejectionRows = counter(registry, ERASED_ROWS, erased, "sink_rejections");
        erasedRecordsSkipped = Counter.builder(ERASED_RECORDS_SKIPPED)
                .description("Records of erased clients read after the erasure and not written")
                .register(registry);
        erasureRequestsRefused = Counter.builder(ERASURE_REQUESTS_REFUSED)
                .description("Erasure requests that could not be read, stored in sink_rejections")
                .register(registry);
        auditPublished = Counter.builder(AUDIT_PUBLISHED)
                .description("Erasure audit events sent to erasure-audit and acknowledged")
                .register(registry);
        Gauge.builder(AUDIT_PENDING, state, s -> s.auditPending)
                .description("Erasure audit events in erasure_outbox not yet acknowledged by Kafka")
                .strongReference(true)
                .register(registry);
        batch = Timer.builder(BATCH)
                .description("One committed database transaction of the sink")
                .register(registry);
        endToEndLatency = Timer.builder(END_TO_END_LATENCY)
                .description("From ingest to the sleep-change row committed in PostgreSQL")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        Gauge.builder(LAG, state, s -> s.lagRecords)
                .description("Sum of the consumer lag over the sink's partitions")
                .strongReference(true)
                .register(registry);
        Gauge.builder(LAST_COMMIT, state, s -> s.lastCommitEpochSeconds)
                .description("Epoch seconds of the sink's last successful offset commit (0: none yet)")
                .strongReference(true)
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description, String table) {
        return Counter.builder(name).description(description).tag(TABLE, table).register(registry);
    }

    /** A transaction committed at {@code nowMillis}. */
    void committed(BatchOutcome outcome, long nowMillis) {
        batch.record(outcome.transactionNanos(), TimeUnit.NANOSECONDS);
        sleepChangeUpserts.increment(outcome.sleepChange().upserts);
        sleepChangeDeletes.increment(outcome.sleepChange().deletes);
        staleRevisions.increment(outcome.sleepChange().stale);
        nightlySleepUpserts.increment(outcome.nightlySleep().upserts);
        nightlySleepDeletes.increment(outcome.nightlySleep().deletes);
        undecodable.increment(outcome.rejections());
        erasures.increment(outcome.erasures().erasures);
        reregistrations.increment(outcome.erasures().reregistrations);
        erasedSleepChangeRows.increment(outcome.erasures().sleepChangeRows);
        erasedNightlySleepRows.increment(outcome.erasures().nightlySleepRows);
        erasedRejectionRows.increment(outcome.erasures().rejectionRows);
        erasedRecordsSkipped.increment(outcome.erasedLeftOut());
        recordLatencies(outcome.sleepChange().latencies, nowMillis);
    }

    void erasureRequestsRefused(int requests) {
        erasureRequestsRefused.increment(requests);
    }

    void auditPublished(int events) {
        auditPublished.increment(events);
    }

    void failed() {
        batchFailures.increment();
    }

    void rowRejected(RefusalClass refusal) {
        rowsRejected.get(refusal).increment();
    }

    void fenced(int partitions) {
        fenced.increment(partitions);
    }

    private void recordLatencies(List<Long> ingestedAt, long nowMillis) {
        for (long at : ingestedAt) {
            if (at > 0) {
                // A clock that ran ahead at ingest must not make a negative latency.
                endToEndLatency.record(Math.max(0, nowMillis - at), TimeUnit.MILLISECONDS);
            }
        }
    }
}
