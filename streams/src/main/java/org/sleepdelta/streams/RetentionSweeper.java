package org.sleepdelta.streams;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.SessionFacts;
import org.sleepdelta.metric.WindowSpec;
import org.sleepdelta.schemas.ClientKey;

/**
 * Deletes state that no admitted input can reach any more. Input older than the cutoff night is rejected,
 * but it can still change windows of sessions up to 36 days earlier (see {@link FrozenWindows}), whose reference
 * nights reach 42 nights further back, whose course rule looks 28 days further, and whose reference leaves out the
 * first week of sessions up to 48 nights further: so nights are kept to 78 days and sessions (with what was emitted
 * for them) to 85 days before the cutoff. State stays bounded by retention plus that margin.
 * Windows of sessions older than {@link FrozenWindows#MARGIN_DAYS} before the cutoff are never recomputed, so
 * nothing that is recomputed can read what was deleted here.
 *
 * <p><b>Incremental and bounded</b> (issue 14). A <i>pass</i> starts every {@code sweep-interval} with the cutoff of
 * that moment and goes through the stores in the order nights, sessions, emitted windows, client clocks. It runs in
 * <i>slices</i>, one per {@link #SLICE_INTERVAL} of wall clock, each examining at most {@code sweep-batch-entries}
 * store entries and resuming at a cursor key where the previous slice stopped, so the stream thread is never held up
 * by more than one slice however much state the task has. Slices run more often than passes start so that a pass
 * over a large task still ends within minutes (2,000 entries a second by default); a pass that outlasts the interval
 * simply delays the next one. Store keys start with the client and then the night (see {@link StoreKeys}), so a scan
 * from the cursor meets each client's expired nights first, and at its first kept night, known by the key alone, jumps
 * to the next client's prefix with a new scan: a night is never decoded unless it is deleted, and kept nights cost one
 * entry per client. Sessions, emitted windows and clocks carry
 * their night only in their values, and each entry of them is read.
 *
 * <p>Deleting in slices leaves the rules unchanged: a pass deletes what one sweep at its start deleted before, and
 * since the cutoff only moves on, whatever a pass deletes later is still out of reach then. Stores are swept in the
 * same order as before, so processing between two slices sees only states a one-shot sweep also left between its
 * steps (a client's sessions go before what was emitted for them; nights first, which only frozen windows read).
 * The views ({@link ClientViews}) of the clients whose entries a slice deleted are dropped; others stay.
 *
 * <p>The pass and its cursor live in memory only: after a restart or a rebalance the task's next pass starts from the
 * beginning, which costs at most one pass again and deletes nothing the rules would keep.
 */
final class RetentionSweeper {
    static final int NIGHT_MARGIN_DAYS = FrozenWindows.MARGIN_DAYS + WindowSpec.REFERENCE_FIRST_OFFSET;
    static final int SESSION_MARGIN_DAYS = FrozenWindows.MARGIN_DAYS + WindowSpec.REFERENCE_FIRST_OFFSET + 7;
    /** How often a pass under way goes on (wall clock); never less often than passes start. */
    static final Duration SLICE_INTERVAL = Duration.ofSeconds(1);

    /** The stores a pass goes through, in this order. */
    private enum Phase {
        NIGHTS,
        SESSIONS,
        EMITTED,
        CLOCKS
    }

    private final ClientState state;
    private final Duration passInterval;
    private final int batchEntries;
    private final RecordCounters counters;

    private long lastPassStartMs;
    /** Null when no pass is under way. */
    private Phase phase;
    /** The first key the pass has not examined yet in the current phase's store; null for the store's first key. */
    private String cursor;

    private LocalDate nightsKeptFrom;
    private LocalDate sessionsKeptFrom;

    RetentionSweeper(ClientState state, Duration passInterval, int batchEntries, RecordCounters counters, long nowMs) {
        if (batchEntries < 1) {
            throw new IllegalArgumentException("batch entries must be at least 1");
        }
        this.state = state;
        this.passInterval = passInterval;
        this.batchEntries = batchEntries;
        this.counters = counters;
        this.lastPassStartMs = nowMs;
    }

    /** How often {@link #punctuate} should run: a slice a second, or once per pass if passes start more often. */
    static Duration sliceInterval(Duration passInterval) {
        return passInterval.compareTo(SLICE_INTERVAL) < 0 ? passInterval : SLICE_INTERVAL;
    }

    /**
     * Starts a pass when one is due and none is under way (with {@code cutoffNight}, read only then; a null cutoff
     * means nothing is expired yet), and runs one slice of the pass under way.
     *
     * @return the store entries examined
     */
    int punctuate(long nowMs, Supplier<LocalDate> cutoffNight) {
        if (phase == null && nowMs - lastPassStartMs >= passInterval.toMillis()) {
            lastPassStartMs = nowMs;
            start(cutoffNight.get());
        }
        return phase == null ? 0 : slice();
    }

    boolean passUnderWay() {
        return phase != null;
    }

    private void start(LocalDate cutoffNight) {
        if (cutoffNight == null) {
            return;
        }
        nightsKeptFrom = cutoffNight.minusDays(NIGHT_MARGIN_DAYS);
        sessionsKeptFrom = cutoffNight.minusDays(SESSION_MARGIN_DAYS);
        phase = Phase.NIGHTS;
        cursor = null;
    }

    /** Examines at most {@code batchEntries} entries from the cursor on, and deletes the expired ones among them. */
    private int slice() {
        int examined = 0;
        int deleted = 0;
        Set<ClientKey> touched = new HashSet<>();
        while (phase != null && examined < batchEntries) {
            Step step = switch (phase) {
                case NIGHTS -> sweepNights(batchEntries - examined, touched);
                case SESSIONS -> sweepSessions(batchEntries - examined, touched);
                case EMITTED ->
                    sweepValues(
                            state.emitted,
                            emitted -> emitted.firstNight().isBefore(sessionsKeptFrom),
                            batchEntries - examined,
                            touched);
                case CLOCKS ->
                    sweepValues(
                            state.clientClock,
                            night -> LocalDate.parse(night).isBefore(sessionsKeptFrom),
                            batchEntries - examined,
                            touched);
            };
            examined += step.examined;
            deleted += step.deleted;
            if (step.storeDone) {
                phase = phase.ordinal() + 1 < Phase.values().length ? Phase.values()[phase.ordinal() + 1] : null;
                cursor = null;
                if (phase == null) {
                    counters.sweepPassCompleted();
                }
            }
        }
        // Only these clients' views may hold what was deleted; the stores stay the truth for everyone else's.
        touched.forEach(state::forgetView);
        counters.sweepExamined(examined);
        counters.sweepDeleted(deleted);
        return examined;
    }

    /** What one phase did within a slice. */
    private record Step(int examined, int deleted, boolean storeDone) {}

    /**
     * Nights older than the margin, decoded only to be deleted: the night is in the key. From the cursor, each client's
     * first keys are its oldest nights; at its first kept night the scan jumps past the client's keys.
     */
    private Step sweepNights(int budget, Set<ClientKey> touched) {
        List<KeyValue<String, SleepRecord>> expired = new ArrayList<>();
        int examined = 0;
        boolean done = false;
        while (examined < budget && !done) {
            try (KeyValueIterator<String, SleepRecord> it = state.sleepByNight.range(cursor, null)) {
                boolean jumped = false;
                while (examined < budget && !jumped) {
                    if (!it.hasNext()) {
                        done = true;
                        break;
                    }
                    String key = it.peekNextKey();
                    examined++;
                    if (StoreKeys.nightOfSleepKey(key).isBefore(nightsKeptFrom)) {
                        expired.add(it.next());
                        cursor = after(key);
                    } else {
                        cursor = StoreKeys.clientPrefix(StoreKeys.clientOf(key)) + StoreKeys.END;
                        jumped = true;
                    }
                }
            }
        }
        for (KeyValue<String, SleepRecord> kv : expired) {
            state.sleepByNight.delete(kv.key);
            ClientKey client = StoreKeys.clientOf(kv.key);
            state.sleepNightIndex.delete(
                    StoreKeys.sleepIdentity(client, kv.value.getSource(), kv.value.getSourceRecordId()));
            touched.add(client);
        }
        return new Step(examined, expired.size(), done);
    }

    /** Sessions whose N0 is older than the margin, with their entry in the start-ordered index. */
    private Step sweepSessions(int budget, Set<ClientKey> touched) {
        List<KeyValue<String, MassageSession>> expired = new ArrayList<>();
        Step step = scan(state.sessionsById, budget, kv -> {
            if (SessionFacts.of(kv.value).firstNight().isBefore(sessionsKeptFrom)) {
                expired.add(kv);
            }
        });
        for (KeyValue<String, MassageSession> kv : expired) {
            ClientKey client = StoreKeys.clientOf(kv.key);
            state.sessionsById.delete(kv.key);
            state.completedByStart.delete(
                    StoreKeys.sessionByStart(client, kv.value.getStart(), kv.value.getSessionId()));
            touched.add(client);
        }
        return new Step(step.examined, expired.size(), step.storeDone);
    }

    private <V> Step sweepValues(JournaledStore<V> store, Predicate<V> expired, int budget, Set<ClientKey> touched) {
        List<String> keys = new ArrayList<>();
        Step step = scan(store, budget, kv -> {
            if (expired.test(kv.value)) {
                keys.add(kv.key);
            }
        });
        for (String key : keys) {
            store.delete(key);
            touched.add(StoreKeys.clientOf(key));
        }
        return new Step(step.examined, keys.size(), step.storeDone);
    }

    /** Reads up to {@code budget} entries from the cursor on, moving the cursor past them. */
    private <V> Step scan(JournaledStore<V> store, int budget, Consumer<KeyValue<String, V>> examine) {
        int examined = 0;
        try (KeyValueIterator<String, V> it = store.range(cursor, null)) {
            while (examined < budget) {
                if (!it.hasNext()) {
                    return new Step(examined, 0, true);
                }
                KeyValue<String, V> kv = it.next();
                examined++;
                cursor = after(kv.key);
                examine.accept(kv);
            }
        }
        return new Step(examined, 0, false);
    }

    /** The least key greater than {@code key}: a scan from it resumes right after {@code key}. */
    private static String after(String key) {
        return key + '\0';
    }
}
