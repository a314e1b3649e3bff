package org.sleepdelta.streams;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.Courses;
import org.sleepdelta.metric.Episode;
import org.sleepdelta.metric.NightValues;
import org.sleepdelta.metric.NightlyRecords;
import org.sleepdelta.metric.ReferenceNights;
import org.sleepdelta.metric.SessionFacts;
import org.sleepdelta.metric.SleepChange;
import org.sleepdelta.metric.SleepChangeCalculator;
import org.sleepdelta.metric.SleepChangeRecords;
import org.sleepdelta.metric.WindowSpec;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.NightKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each client's live nights and sessions, and after every input recomputes the windows that input can
 * affect, emitting a key only when its content changed (with the next revision) and a tombstone when a key
 * stops existing. Because every output is recomputed from state, the result does not depend on arrival order.
 *
 * <p><b>The watermark cannot be poisoned</b> (issue 10, item 5). The event-time watermarks are shared by every clinic
 * whose clients hash to this task, so one record dated far ahead (a wearable with a broken clock, or a record forged
 * by someone with broker access) would otherwise make everyone else's input {@code TOO_LATE} and let the sweep delete
 * their state. Both the ingest-time header and the record timestamp are written by whoever produced the record, so
 * neither is trusted on its own: a record is judged against the earlier of its claimed ingest time and this task's
 * wall clock ({@link Admission#trustedIngestTime}), and is {@code IN_FUTURE} when dated more than
 * {@code future-tolerance} after that. Only admitted records move a watermark, so a watermark can never be more than
 * the tolerance ahead of the wall clock at which it moved. Watermarks are also read through the same bound ({@link
 * #watermark}), so a watermark stored by an earlier version, or one moved while a clock was wrong, cannot reject or
 * sweep anything either. A clinic can still move the watermark up to the tolerance ahead of now with records dated
 * within it, which shifts other clients' cutoff by at most that much (one day by default, against 60 of retention).
 */
final class SleepChangeProcessor implements Processor<String, Object, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(SleepChangeProcessor.class);

    /** Sessions this close before or after a changed session can change course membership or opener status. */
    static final Duration SESSION_NEIGHBOURHOOD = Duration.ofDays(32);
    /**
     * A session's baseline and first post week leave nights out of the reference of sessions whose N0 lies 1 to 48
     * nights later (see {@code ReferenceNights}); two more days cover any difference between start order and N0
     * order.
     */
    static final Duration REFERENCE_NEIGHBOURHOOD =
            Duration.ofDays(WindowSpec.REFERENCE_FIRST_OFFSET + ReferenceNights.EXCLUDED_NIGHTS_AFTER + 2);
    /** Far enough past a course opener to see every session whose N0 can fall in its window. */
    static final Duration COURSE_LOOKAHEAD = Duration.ofDays(31);
    /**
     * One event-time watermark per input topic: the two topics are read at their own pace, so a backlog of sessions
     * processed ahead of the nights (or the reverse) must not make the other kind look too old.
     */
    private static final String SLEEP_WATERMARK = "sleep-records";

    private static final String SESSION_WATERMARK = "massage-sessions";

    private final TopologySettings settings;
    private final Admission admission;
    private final String dashboardChild;
    private final String rejectionsChild;
    private final String nightlyChild;
    private final String auditChild;
    private final RecordCounters counters;
    private final PendingOutput output = new PendingOutput();
    private ProcessorContext<String, Object> context;
    private ClientState state;

    SleepChangeProcessor(
            TopologySettings settings,
            String dashboardChild,
            String nightlyChild,
            String rejectionsChild,
            String auditChild,
            RecordCounters counters) {
        this.settings = settings;
        this.auditChild = auditChild;
        this.admission = new Admission(settings);
        this.dashboardChild = dashboardChild;
        this.rejectionsChild = rejectionsChild;
        this.nightlyChild = nightlyChild;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.state = new ClientState(context, settings.metric().sourcePriority(), settings.clientViewBytes());
        if (settings.retentionDays() != null) {
            RetentionSweeper sweeper = new RetentionSweeper(
                    state,
                    settings.sweepInterval(),
                    settings.sweepBatchEntries(),
                    counters,
                    context.currentSystemTimeMs());
            // A pass starts every sweep-interval; its slices run every second until it is done (see RetentionSweeper).
            context.schedule(
                    RetentionSweeper.sliceInterval(settings.sweepInterval()),
                    PunctuationType.WALL_CLOCK_TIME,
                    now -> sweeper.punctuate(now, () -> admission.cutoffNight(retentionWatermark())));
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof ErasureRequest request) {
            processErasure(record, request);
            return;
        }
        if (!(record.value() instanceof ClientEvent event)) {
            throw new IllegalStateException("unexpected input " + record.value().getClass());
        }
        state.begin();
        try {
            if (event.record() instanceof CanonicalRecord.Sleep sleep) {
                processSleep(record, event.client(), sleep.record(), event.payload());
            } else if (event.record() instanceof CanonicalRecord.Session session) {
                processSession(record, event.client(), session.session(), event.payload());
            }
        } catch (StreamsException e) {
            // A store or the task failing (a rebalance, a broken state directory) is not this record's fault: Kafka
            // Streams handles it (under exactly-once by restoring the stores from their changelogs).
            output.discard();
            throw e;
        } catch (RuntimeException | Error e) {
            FatalFailures.rethrowIfFatal(e);
            rejectFailed(record, record.key(), event.payload(), e);
            return;
        }
        state.commit(event.client());
        output.flush();
    }

    /**
     * Processing this decoded record failed half-way (issue 11): a bug that only this record's data reaches. Its
     * store writes are undone and its pending output dropped, so state and output are as if it had never come, and
     * it becomes an {@code INVALID} rejection with its bytes (capped), so the stream thread goes on with the next
     * record instead of dying on this one again after every restart. Kafka Streams' own
     * {@code processing.exception.handler} cannot do this: it sees no {@code Error}s, and resuming after it would keep
     * the writes the record made before it failed.
     */
    private void rejectFailed(Record<String, Object> record, String key, byte[] payload, Throwable failure) {
        state.rollBack();
        output.discard();
        counters.processingFailed();
        counters.rejected(RejectionReason.INVALID);
        // Where and what, never the message: it may quote the record's data.
        log.warn(
                "processing a record failed; it is rejected and its state changes undone (topic {}, partition {},"
                        + " offset {}): {}",
                context.recordMetadata().map(RecordMetadata::topic).orElse(null),
                context.recordMetadata().map(RecordMetadata::partition).orElse(null),
                context.recordMetadata().map(RecordMetadata::offset).orElse(null),
                failure.getClass().getName());
        context.forward(
                record.withValue((Object) Rejections.of(
                        RejectionReason.INVALID,
                        null,
                        "processing failed: " + FatalFailures.describe(failure),
                        context.recordMetadata(),
                        key,
                        payload)),
                rejectionsChild);
    }

    /**
     * Erases or re-registers one client, in this task because the request is keyed and partitioned like the client's
     * input. Output of earlier records has already been forwarded (output is held back only while a record is being
     * processed), so the tombstones come after everything the client ever caused, in the same transaction as the
     * deletions and the audit event. Like any record, a failure half-way undoes every store write and drops the
     * output, and the request becomes a rejection; its stage is then missing from the audit trail.
     */
    private void processErasure(Record<String, Object> input, ErasureRequest request) {
        state.begin();
        try {
            String token = ErasedClients.token(request.key());
            String detail;
            RecordCounters.ErasureOutcome outcome;
            // No headers: the request's are not those of any input the tombstones would answer.
            Record<String, Object> cause = input.withHeaders(new RecordHeaders());
            if (request.action() == ErasureAction.ERASE) {
                ClientEraser.Erasure erasure = new ClientEraser(state).erase(request.client());
                state.forgetView(request.client());
                erasure.dashboardKeys().forEach(key -> forwardToDashboard(cause, key, null));
                erasure.nightlyKeys().forEach(key -> forwardNight(cause, key, null));
                state.erasedClients.put(token, request.erasureId());
                detail = erasure.storeEntries() + " store entries, " + erasure.tombstones() + " tombstones";
                outcome = RecordCounters.ErasureOutcome.ERASED;
            } else {
                boolean wasErased = state.erasedClients.get(token) != null;
                state.erasedClients.delete(token);
                detail = wasErased ? "1 deny-list entry removed" : "0 deny-list entries removed";
                outcome = RecordCounters.ErasureOutcome.REREGISTERED;
            }
            ErasureEvent event = ErasureEvent.of(
                    request,
                    ErasureStage.STREAMS_STATE_ERASED,
                    Instant.ofEpochMilli(context.currentSystemTimeMs()),
                    "streams",
                    detail);
            Record<String, Object> audit = new Record<>(event.key(), event.encode(), input.timestamp());
            output.add(() -> {
                counters.erasureRequest(outcome);
                context.forward(audit, auditChild);
            });
        } catch (StreamsException e) {
            output.discard();
            throw e;
        } catch (RuntimeException | Error e) {
            FatalFailures.rethrowIfFatal(e);
            rejectFailed(input, input.key(), request.encode(), e);
            counters.erasureRequest(RecordCounters.ErasureOutcome.REJECTED);
            return;
        }
        state.commit(null);
        output.flush();
    }

    private void processSleep(Record<String, Object> input, ClientKey client, SleepRecord sleep, byte[] payload) {
        LocalDate night = null;
        if (!sleep.getDeleted()) {
            night = Episode.of(sleep).night();
            if (!admit(input, SLEEP_WATERMARK, sleep.getSleepEnd(), night, payload)) {
                return;
            }
        }
        ClientState.AppliedSleep applied = state.applySleep(client, sleep);
        applied.touched().forEach((touched, episodes) -> emitNight(input, client, touched, episodes));
        // Windows read main sleeps only: a night whose main sleep stayed the same (a nap added, say) changes none.
        List<AffectedFirstNights> affected = new ArrayList<>();
        for (LocalDate changed : applied.mainChanged()) {
            affected.add(AffectedFirstNights.ofNight(changed));
        }
        LocalDate clockBefore = state.latestNight(client);
        LocalDate clockAfter = clockBefore;
        if (night != null && (clockBefore == null || night.isAfter(clockBefore))) {
            state.advanceLatestNight(client, night);
            clockAfter = night;
            int grace = settings.metric().lateGraceDays();
            if (clockBefore == null) {
                // The first night of the client: every window so far may have become complete, from the first session
                // on.
                LocalDate first = state.firstSessionNight(client);
                if (first != null && first.isBefore(night.minusDays(grace))) {
                    affected.add(new AffectedFirstNights(first, night.minusDays(grace + 1)));
                }
            } else {
                affected.add(AffectedFirstNights.ofClockAdvance(clockBefore, night, grace));
            }
        }
        Set<String> sessionIds = new LinkedHashSet<>();
        for (AffectedFirstNights range : affected) {
            state.completedWithFirstNightIn(client, range.from(), range.to())
                    .forEach(s -> sessionIds.add(s.sessionId()));
        }
        SleepTouch touch = new SleepTouch(
                applied.mainChanged(),
                clockBefore,
                clockAfter,
                settings.metric().lateGraceDays());
        recompute(input, client, sessionIds, touch);
    }

    private void processSession(
            Record<String, Object> input, ClientKey client, MassageSession session, byte[] payload) {
        SessionFacts facts = SessionFacts.of(session);
        if (!admit(input, SESSION_WATERMARK, session.getStart(), facts.firstNight(), payload)) {
            return;
        }
        MassageSession previous = state.applySession(client, session);
        Set<String> sessionIds = new LinkedHashSet<>();
        sessionIds.add(session.getSessionId());
        for (Instant around :
                previous == null ? List.of(session.getStart()) : List.of(previous.getStart(), session.getStart())) {
            state.completedStartingIn(
                            client,
                            around.minus(SESSION_NEIGHBOURHOOD),
                            around.plus(REFERENCE_NEIGHBOURHOOD),
                            s -> true)
                    .forEach(s -> sessionIds.add(s.sessionId()));
        }
        recompute(input, client, sessionIds, null);
    }

    private boolean admit(
            Record<String, Object> input, String watermarkKey, Instant eventTime, LocalDate night, byte[] payload) {
        Long watermark = watermark(watermarkKey);
        Long judgedAgainst = later(watermark, retentionWatermark());
        long claimedIngestTime = ingestTime(input);
        long ingestTime = Admission.trustedIngestTime(claimedIngestTime, context.currentSystemTimeMs());
        RejectionReason reason = admission.check(eventTime, night, ingestTime, judgedAgainst);
        if (reason != null) {
            String detail = reason == RejectionReason.TOO_LATE
                    ? "night " + night + " is older than retention (" + settings.retentionDays()
                            + " days behind event time " + Instant.ofEpochMilli(judgedAgainst) + ")"
                    : "dated " + eventTime + ", more than " + settings.futureTolerance() + " after it was ingested"
                            + (ingestTime < claimedIngestTime
                                    ? " (judged against the clock " + Instant.ofEpochMilli(ingestTime)
                                            + ", earlier than the claimed ingest time "
                                            + Instant.ofEpochMilli(claimedIngestTime) + ")"
                                    : "");
            Record<String, Object> rejection = input.withValue(
                    (Object) Rejections.of(reason, null, detail, context.recordMetadata(), input.key(), payload));
            output.add(() -> {
                counters.rejected(reason);
                context.forward(rejection, rejectionsChild);
            });
            return false;
        }
        // admitted: eventTime <= ingestTime + future-tolerance <= wall clock + future-tolerance
        Long stored = state.watermark(watermarkKey);
        if (stored == null || eventTime.toEpochMilli() > stored) {
            state.advanceWatermark(watermarkKey, eventTime.toEpochMilli());
        }
        return true;
    }

    /**
     * One topic's watermark, never further ahead than the tolerance past the wall clock: a value stored before the
     * bound existed (or while the clock was wrong) cannot make input too late or sweep state.
     */
    private Long watermark(String key) {
        Long stored = state.watermark(key);
        return stored == null ? null : Math.min(stored, admission.latestWatermark(context.currentSystemTimeMs()));
    }

    /**
     * The watermark retention follows: state may go once it is behind both topics' watermarks, but the older one may
     * trail the newer by at most the retention, so a topic that falls silent cannot stop the sweep.
     */
    private Long retentionWatermark() {
        Long sleep = watermark(SLEEP_WATERMARK);
        Long sessions = watermark(SESSION_WATERMARK);
        if (sleep == null || sessions == null) {
            return sleep == null ? sessions : sleep;
        }
        long older = Math.min(sleep, sessions);
        if (settings.retentionDays() == null) {
            return older;
        }
        return Math.max(
                older,
                Math.max(sleep, sessions)
                        - Duration.ofDays(settings.retentionDays()).toMillis());
    }

    private static Long later(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    /** Our producers stamp records with event time and carry the ingest time in a header; others stamp ingest time. */
    private static long ingestTime(Record<String, Object> input) {
        long header = PipelineHeaders.ingestedAt(input.headers());
        return header >= 0 ? header : input.timestamp();
    }

    /**
     * Recomputes the windows of the given sessions and emits what changed: every window after a session record, and
     * after a sleep record only those its {@code touch} can change (a sleep record changes no session, so no window
     * can begin or stop existing either).
     */
    private void recompute(Record<String, Object> input, ClientKey client, Set<String> sessionIds, SleepTouch touch) {
        Map<MetricKey, WindowSpec> specs = new LinkedHashMap<>();
        LocalDate frozenBefore = FrozenWindows.frozenBefore(admission.cutoffNight(retentionWatermark()));
        List<String> frozen = new ArrayList<>();
        for (String sessionId : sessionIds) {
            SessionFacts session = state.completedSession(client, sessionId);
            if (FrozenWindows.isFrozen(session, frozenBefore)) {
                frozen.add(sessionId); // its nights or neighbours may be swept: never recompute it
                continue;
            }
            if (touch == null) {
                // Tombstones are for windows that stop existing, which only a session record can cause.
                for (MetricWindow window : MetricWindow.values()) {
                    specs.put(new MetricKey(client.clinicId(), client.clientId(), sessionId, window), null);
                }
            }
            if (session == null) {
                continue; // cancelled, no-show or never completed: its keys must not exist
            }
            putIfMayChange(specs, client, WindowSpec.night0(session), touch);
            putIfMayChange(specs, client, WindowSpec.week1(session), touch);
            // A course window's nights follow from its opener alone; the course rule's reads are done only when needed.
            if ((touch == null || touch.mayChange(WindowSpec.course(session, 0)))
                    && Courses.opensCourse(session, state.previousCompleted(client, session))) {
                int inWindow =
                        Courses.sessionsInWindow(session, state.followingCompleted(client, session, COURSE_LOOKAHEAD));
                put(specs, client, WindowSpec.course(session, inWindow));
            }
        }
        NavigableMap<LocalDate, NightValues> mainSleeps = mainSleepsCovering(client, specs.values());
        LocalDate latestNight = state.latestNight(client);
        specs.forEach((key, spec) -> {
            if (spec == null) {
                tombstoneIfEmitted(input, client, key);
            } else {
                SleepChange change = SleepChangeCalculator.compute(
                        spec,
                        referenceNights(client, spec),
                        mainSleeps,
                        latestNight,
                        settings.metric().lateGraceDays());
                emitIfChanged(input, key, client, change);
            }
        });
        FrozenWindows frozenWindows = new FrozenWindows(state, settings.metric().lateGraceDays());
        for (String sessionId : frozen) {
            frozenWindows
                    .completions(client, sessionId, latestNight)
                    .forEach(kv -> forwardToDashboard(
                            input, kv.key, Codecs.sleepChangeMetric().encode(kv.value)));
        }
    }

    private ReferenceNights referenceNights(ClientKey client, WindowSpec spec) {
        List<LocalDate> others = new ArrayList<>();
        for (SessionFacts s : state.completedWithFirstNightIn(
                client, ReferenceNights.firstRelevantSession(spec), ReferenceNights.lastRelevantSession(spec))) {
            if (!s.sessionId().equals(spec.sessionId())) {
                others.add(s.firstNight());
            }
        }
        return ReferenceNights.of(spec, others);
    }

    private static void putIfMayChange(
            Map<MetricKey, WindowSpec> specs, ClientKey client, WindowSpec spec, SleepTouch touch) {
        if (touch == null || touch.mayChange(spec)) {
            put(specs, client, spec);
        }
    }

    private static void put(Map<MetricKey, WindowSpec> specs, ClientKey client, WindowSpec spec) {
        specs.put(SleepChangeRecords.keyOf(client, spec), spec);
    }

    private NavigableMap<LocalDate, NightValues> mainSleepsCovering(ClientKey client, Iterable<WindowSpec> specs) {
        LocalDate from = null;
        LocalDate to = null;
        for (WindowSpec spec : specs) {
            if (spec != null) {
                from = from == null || spec.referenceStart().isBefore(from) ? spec.referenceStart() : from;
                to = to == null || spec.postEnd().isAfter(to) ? spec.postEnd() : to;
            }
        }
        return from == null ? new TreeMap<>() : state.mainSleeps(client, from, to);
    }

    /**
     * Emits the change unless the dashboard already shows it. Compared by digest ({@link ChangeFingerprint}): the
     * record is built and encoded only when it changed. A key whose digest is not known (its last emission read back
     * from the store) is compared record by record once.
     */
    private void emitIfChanged(Record<String, Object> input, MetricKey key, ClientKey client, SleepChange change) {
        String storeKey = key.toString();
        ChangeFingerprint fingerprint = ChangeFingerprint.of(change);
        ClientState.LastEmitted last = state.lastEmitted(client, storeKey);
        if (last != null && last.summary().live()) {
            ClientView.EmittedSummary summary = last.summary();
            if (summary.fingerprint() != null) {
                if (summary.fingerprint().equals(fingerprint)) {
                    return; // nothing the dashboard shows has changed
                }
            } else {
                EmittedState stored = last.stored() != null ? last.stored() : state.emitted.get(storeKey);
                if (SleepChangeRecords.toAvro(client, change, summary.revision())
                        .equals(stored.metric())) {
                    state.knowEmitted(client, storeKey, summary, fingerprint);
                    return;
                }
            }
        }
        long revision = last == null ? 1 : last.summary().revision() + 1;
        SleepChangeMetric metric = SleepChangeRecords.toAvro(client, change, revision);
        // Encoded once: the same bytes go to the store and to the dashboard topic.
        EmittedState emission = EmittedState.of(
                revision,
                change.spec().firstNight(),
                metric,
                Codecs.sleepChangeMetric().encode(metric));
        state.putEmitted(client, storeKey, emission, fingerprint);
        state.rememberOutput(storeKey, ClientState.DASHBOARD);
        forwardToDashboard(input, storeKey, emission.encoded());
    }

    private void tombstoneIfEmitted(Record<String, Object> input, ClientKey client, MetricKey key) {
        String storeKey = key.toString();
        ClientState.LastEmitted last = state.lastEmitted(client, storeKey);
        if (last != null && last.summary().live()) {
            ClientView.EmittedSummary summary = last.summary();
            state.putEmitted(client, storeKey, new EmittedState(summary.revision(), summary.firstNight(), null), null);
            state.rememberOutput(storeKey, ClientState.DASHBOARD);
            forwardToDashboard(input, storeKey, null);
        }
    }

    /** The touched night's main sleep as it now stands, or a tombstone when no live record is left. */
    private void emitNight(Record<String, Object> input, ClientKey client, LocalDate night, List<Episode> episodes) {
        NightlySleep nightly = NightlyRecords.of(
                        client, night, episodes, settings.metric().sourcePriority())
                .orElse(null);
        String key = NightKey.of(client, night).toString();
        state.rememberOutput(key, ClientState.NIGHTLY);
        forwardNight(input, key, nightly);
    }

    private void forwardNight(Record<String, Object> input, String key, NightlySleep nightly) {
        Record<String, Object> output = new Record<>(
                key,
                nightly,
                input.timestamp(),
                new RecordHeaders(input.headers().toArray()));
        this.output.add(() -> context.forward(output, nightlyChild));
    }

    /** {@code metric} is the encoded record (see {@link EmittedState#encoded}), null for a tombstone. */
    private void forwardToDashboard(Record<String, Object> input, String key, byte[] metric) {
        // Input headers (e.g. the ingest time) travel with every output they caused, for end-to-end latency.
        Record<String, Object> output = new Record<>(
                key,
                metric,
                input.timestamp(),
                new RecordHeaders(input.headers().toArray()));
        this.output.add(() -> {
            counters.emitted(key, metric);
            context.forward(output, dashboardChild);
        });
    }
}
